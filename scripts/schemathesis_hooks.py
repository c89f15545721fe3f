"""Schemathesis hooks for armswatch's API (scripts/schemathesis.sh).

A cursor (format "armswatch-cursor") is opaque: only one that the server
made, for the same sort, is valid, and anything else is a 400 as the
document says. Random strings would only test that 400, so the generated
requests leave the cursor blank (the first page).
"""

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.format("armswatch-cursor", st.just(""))
