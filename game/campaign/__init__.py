"""Campaign mode: a week on the collections desk (engine logic only; never imports UI). See docs/campaign.md."""
