"""Field visits with head office's grids, and mystery-visit and customer-survey campaigns."""
