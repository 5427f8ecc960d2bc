"""The SQLite review store: schema, migrations, named queries, faults by cause, backups, the doctor's examination."""
