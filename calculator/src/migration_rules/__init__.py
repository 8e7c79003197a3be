"""Deadlines for citizens of Kyrgyzstan in Russia: the RuID entry application, registration, medical examination,
the application to stay for a contract's term, the stay limit, a new contract and Amina — computed from dated, cited
legal parameters.

Standard library only; runs on CPython 3.11+ and in the browser on Pyodide.

>>> response = calculate({"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02", "lang": "en"})
>>> [(d["id"], d["due"]) for d in response["deadlines"]][:2]
[('registration', '2026-03-30'), ('medical_exam', '2026-03-30')]
"""

from .calculate import DEADLINE_IDS, calculate

__all__ = ["DEADLINE_IDS", "calculate"]
__version__ = "0.1.0"
