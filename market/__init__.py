"""Administrative places, Chợ 4.0 markets, stalls and their stallholders."""
