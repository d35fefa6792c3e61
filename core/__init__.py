"""Small helpers every app shares: money, text, spreadsheet safety, permissions.

Nothing here imports another app of the project, so every app may import it.
"""
