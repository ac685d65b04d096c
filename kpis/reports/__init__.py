"""Reports: head office's monthly network report (XLSX, PDF) and the scheduled emails."""
