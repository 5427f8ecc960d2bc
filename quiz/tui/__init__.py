"""The Textual study interface: screens and widgets that render session state and forward keys."""
