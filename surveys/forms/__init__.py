"""Forms of the reporter's side: one questionnaire section, explanations, invitations."""
