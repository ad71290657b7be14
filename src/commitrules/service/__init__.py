"""Running the pack for others: batches of cases, a pack that reloads while it serves, the decision log."""
