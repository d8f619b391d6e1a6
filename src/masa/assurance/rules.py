"""Who may see and change these records (grants added with the first feature)."""
