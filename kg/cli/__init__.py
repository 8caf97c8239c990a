"""The ``kg`` command line: thin wrappers around library functions."""
