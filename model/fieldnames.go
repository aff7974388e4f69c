package model

import (
	"strings"
)

// Front matter written by other tools names some fields otherwise than
// the model does. Obsidian's Web Clipper, for one, writes "source:" for
// the page's address, "published:" for its date (Jekyll's "published:"
// is true or false: whether the entry is published) and "created:" for
// the day it was clipped; book templates write "year:". readAliases
// reads such a field under the model's name when the front matter has no
// field of that name, and problems name it as written (readAliases).

// dateAliases are read as the date, in this order of preference.
var dateAliases = []string{"year", "published", "publication-date", "publication_date", "publicationdate",
	"publish-date", "publish_date", "publishdate", "date-published", "date_published", "datepublished", "pubdate", "issued"}

// linkAliases are read as the link when they hold an http or https URL.
var linkAliases = []string{"source", "source-url", "source_url", "sourceurl"}

// accessedAliases are read as the day the source was accessed when the
// entry has a link (the day a web page was clipped).
var accessedAliases = []string{"clipped", "date-clipped", "date_clipped", "created"}

// readAliases returns fields with the aliases above read under the
// model's names.
func readAliases(fields []field) []field {
	take := func(key string, aliases []string, ok func(v any) bool) {
		if hasAnyField(fields, key) {
			return
		}
		for _, a := range aliases {
			for i, f := range fields {
				if strings.EqualFold(f.key, a) && f.value != nil && ok(f.value) {
					fields[i].written, fields[i].key = f.key, key
					return
				}
			}
		}
	}
	notBool := func(v any) bool { _, b := v.(bool); return !b }
	isURL := func(v any) bool {
		s, _ := v.(string)
		s = strings.ToLower(strings.TrimSpace(unwiki(s)))
		return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
	}
	take("date", dateAliases, notBool)
	take("link", linkAliases, isURL)
	if hasAnyField(fields, "link") {
		take("accessed", accessedAliases, notBool)
	}
	return fields
}
