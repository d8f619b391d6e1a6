"""Who may see and change these records: grants are added with the feature."""
