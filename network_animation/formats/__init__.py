"""Date and number formats per language, where Django's own differ from what our readers expect
(FORMAT_MODULE_PATH): English dates read "29 Nov 2026", day first as in French, never the
American "11/29/2026". French keeps Django's (29/11/2026, non-breaking thousands)."""
