"""The partnership's pages, one module per part of its work."""
