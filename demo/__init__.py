"""The demo year: above both apps, it loads a survey year through their services (responses, rule runs, the
editors' work and follow-ups) as the people using them would have done."""
