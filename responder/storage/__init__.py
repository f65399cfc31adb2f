"""SQLite workspace: connection, migrations, repositories, file store. No Qt."""
