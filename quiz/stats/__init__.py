"""Progress figures over the store's named queries, and fitting FSRS parameters."""
