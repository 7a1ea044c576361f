"""Local stand-ins for Quorum's external systems, and a launcher that runs them as child processes."""
