"""The PostgreSQL backend the settings use: Django's, telling row-level security the code's scope
before each statement that needs it (database_scope.py)."""
