"""`make bench`: the platform measured against the floors of this machine, in one run."""
