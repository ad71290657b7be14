"""commitrules: the notification-and-commitment system as declarative, explainable rules."""
