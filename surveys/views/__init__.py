"""The reporter's pages: the list of own responses, the overview, section forms, check and submit, the team."""
