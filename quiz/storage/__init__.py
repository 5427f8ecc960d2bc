"""The SQLite review store: its schema and migrations, the named queries the figures read,
faults named by cause, backups, and the doctor's examination."""
