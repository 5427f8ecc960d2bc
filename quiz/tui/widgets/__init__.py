"""Small widgets the screens are built from; they render what they are given and post messages."""
