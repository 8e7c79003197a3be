// The format of the saved copy of Python (a Pyodide memory snapshot) on the phone. Imports nothing; the worker and
// tests/browser/test_snapshot_format.py (under Node) import it.
//
// The saved copy leaves out the memory pages that are all zeros (about two thirds of Pyodide's memory): it takes
// less room on the phone and is read back faster. Layout: four 32-bit words (PACK_MAGIC, length, page size, number
// of pages), one byte per page (1 = kept), zero padding to a multiple of 4, then the kept pages in order.
export const PACK_MAGIC = 0x314c4f4a; // "JOL1"
export const PACK_PAGE = 4096;

function pageIsZero(bytes, words, start, end) {
  if (words.length && end % 4 === 0) {
    for (let i = start >> 2; i < end >> 2; i++) if (words[i] !== 0) return false;
  } else {
    for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  }
  return true;
}

export function packSnapshot(bytes) {
  const pages = Math.ceil(bytes.length / PACK_PAGE);
  const kept = new Uint8Array(pages);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteOffset % 4 ? 0 : bytes.length >> 2);
  let keptBytes = 0;
  for (let page = 0; page < pages; page++) {
    const start = page * PACK_PAGE;
    const end = Math.min(start + PACK_PAGE, bytes.length);
    if (!pageIsZero(bytes, words, start, end)) {
      kept[page] = 1;
      keptBytes += end - start;
    }
  }
  const head = 16 + Math.ceil(pages / 4) * 4;
  const out = new Uint8Array(head + keptBytes);
  new Uint32Array(out.buffer, 0, 4).set([PACK_MAGIC, bytes.length, PACK_PAGE, pages]);
  out.set(kept, 16);
  let at = head;
  for (let page = 0; page < pages; page++) {
    if (!kept[page]) continue;
    const chunk = bytes.subarray(page * PACK_PAGE, Math.min((page + 1) * PACK_PAGE, bytes.length));
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// The inverse of packSnapshot, as the packed bytes arrive: returns at once the memory (`bytes`, `length` bytes, its
// all-zero pages already in place) and a promise (`done`) that settles once every kept page has been copied in, or
// rejects on anything that is not a complete packed copy of that length. So Pyodide can set itself up while the
// copy is still being read.
export function unpackSnapshot(stream, length) {
  const bytes = new Uint8Array(length);
  const done = (async () => {
    const reader = stream.getReader();
    const head = new Uint8Array(16);
    let headFill = 0;
    let kept = null;
    let keptFill = 0;
    let keptSize = 0; // bitmap and padding
    let pages = 0;
    let page = -1; // the kept page being filled
    let pageFill = 0;
    let pageSize = 0;
    const nextPage = () => {
      do page += 1;
      while (page < pages && !kept[page]);
      pageFill = 0;
      pageSize = page < pages ? Math.min(PACK_PAGE, length - page * PACK_PAGE) : 0;
    };
    for (;;) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      let i = 0;
      while (i < value.length) {
        if (headFill < 16) {
          const n = Math.min(16 - headFill, value.length - i);
          head.set(value.subarray(i, i + n), headFill);
          headFill += n;
          i += n;
          if (headFill < 16) continue;
          const [magic, packedLength, pageSizeWord, pageCount] = new Uint32Array(head.buffer);
          if (magic !== PACK_MAGIC || pageSizeWord !== PACK_PAGE || packedLength !== length) {
            throw new Error("not a saved copy");
          }
          if (pageCount !== Math.ceil(length / PACK_PAGE)) throw new Error("not a saved copy");
          pages = pageCount;
          kept = new Uint8Array(pages);
          keptSize = Math.ceil(pages / 4) * 4;
          if (keptSize === 0) nextPage();
        } else if (keptFill < keptSize) {
          const n = Math.min(keptSize - keptFill, value.length - i);
          if (keptFill < pages) kept.set(value.subarray(i, i + Math.min(n, pages - keptFill)), keptFill);
          keptFill += n;
          i += n;
          if (keptFill === keptSize) nextPage();
        } else {
          if (page >= pages) throw new Error("the saved copy is longer than it should be");
          const n = Math.min(pageSize - pageFill, value.length - i);
          bytes.set(value.subarray(i, i + n), page * PACK_PAGE + pageFill);
          pageFill += n;
          i += n;
          if (pageFill === pageSize) nextPage();
        }
      }
    }
    if (headFill < 16 || keptFill < keptSize || page < pages) throw new Error("the saved copy is incomplete");
  })();
  done.catch(() => {}); // whoever awaits it sees the error; it must not count as unhandled
  return { bytes, done };
}
