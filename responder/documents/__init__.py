"""Document rendering (.docx, .ics, zip) from plain context dicts. No Qt."""
