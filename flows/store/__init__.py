"""The only code that reads or writes files: config, raw store, output sink."""
