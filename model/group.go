package model

import (
	"sort"
	"strconv"
	"strings"
)

// Group is a titled run of entries, as books and feeds present them.
type Group struct {
	// Key identifies the group (a category, an author's sort name, a
	// year); "" for entries that have none.
	Key string
	// Title is the heading shown to readers ("Poetry", "Thoreau, Henry
	// David", "1854", "Uncategorised").
	Title string
	// Entries are in the collection's order.
	Entries []*Entry
}

// Groups splits the collection's entries by the way named in by:
// "category", "author" (first author), "year" or "none" (one group).
// Groups are sorted by title, with the group of entries lacking a key
// last; entries keep the collection's order within a group. An empty by
// means the collection's Group setting.
func (c *Collection) Groups(by string) []Group {
	if by == "" {
		by = c.Settings.Defaults().Group
	}
	if by == "none" {
		title := c.Settings.Defaults().Title
		return []Group{{Key: "", Title: title, Entries: c.Entries}}
	}
	labels := c.Labels()
	idx := map[string]int{}
	var groups []Group
	for _, e := range c.Entries {
		key, title := groupKey(e, by, labels)
		i, ok := idx[key]
		if !ok {
			i = len(groups)
			idx[key] = i
			groups = append(groups, Group{Key: key, Title: title})
		}
		groups[i].Entries = append(groups[i].Entries, e)
	}
	sort.SliceStable(groups, func(i, j int) bool { return GroupLess(by, groups[i].Key, groups[j].Key) })
	return groups
}

// GroupOf returns functions giving the key and the title of the group
// Groups(by) puts an entry in ("" and "none" included; the title is the
// group's when the entry is its first), for a renderer that groups
// entries it reads one at a time.
func (c *Collection) GroupOf(by string) (key, title func(e *Entry) string) {
	if by == "" {
		by = c.Settings.Defaults().Group
	}
	if by == "none" {
		t := c.Settings.Defaults().Title
		return func(*Entry) string { return "" }, func(*Entry) string { return t }
	}
	labels := c.Labels()
	key = func(e *Entry) string { return entryGroupKey(e, by) }
	title = func(e *Entry) string {
		_, t := groupKey(e, by, labels)
		return t
	}
	return key, title
}

// GroupLess reports whether the group with key a comes before the group
// with key b in Groups(by): the group without a key last, years in
// numeric order, other keys by their lower case. Groups with keys that
// compare equal keep the order of their first entries.
func GroupLess(by, a, b string) bool {
	if (a == "") != (b == "") {
		return b == ""
	}
	if by == "year" {
		ai, _ := strconv.Atoi(a)
		bi, _ := strconv.Atoi(b)
		return ai < bi
	}
	return strings.ToLower(a) < strings.ToLower(b)
}

func groupKey(e *Entry, by string, labels Labels) (key, title string) {
	key = entryGroupKey(e, by)
	switch {
	case by == "author" && len(e.Authors) == 0:
		return "", labels.Anonymous
	case by == "author" || by == "year" && key != "":
		return key, key
	case by == "year":
		return "", labels.Undated
	case key == "":
		return "", labels.Uncategorised
	}
	return key, titleCase(key)
}

// entryGroupKey is the key of groupKey.
func entryGroupKey(e *Entry, by string) string {
	switch by {
	case "author":
		if len(e.Authors) == 0 {
			return ""
		}
		return e.Authors[0].Inverted()
	case "year":
		if e.Date.IsZero() {
			return ""
		}
		return strconv.Itoa(e.Date.Year)
	}
	return e.Category
}

// titleCase capitalises the first letter of each word of a category name.
func titleCase(s string) string {
	words := strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(s))
	for i, w := range words {
		r := []rune(w)
		if len(r) > 0 {
			r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		}
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// AuthorRef is one author of the author index with the entries that cite
// them.
type AuthorRef struct {
	Name    Name
	Entries []*Entry
}

// AuthorIndex returns every author of the collection sorted by family then
// given name (case-insensitive), each with their entries in collection
// order. Anonymous entries are listed under the Anonymous label (by
// default "Anonymous").
func (c *Collection) AuthorIndex() []AuthorRef {
	anonymous := Name{Family: c.Labels().Anonymous}
	idx := map[Name]int{}
	var refs []AuthorRef
	for _, e := range c.Entries {
		names := e.Authors
		if len(names) == 0 {
			names = []Name{anonymous}
		}
		for _, n := range names {
			i, ok := idx[n]
			if !ok {
				i = len(refs)
				idx[n] = i
				refs = append(refs, AuthorRef{Name: n})
			}
			refs[i].Entries = append(refs[i].Entries, e)
		}
	}
	sort.SliceStable(refs, func(i, j int) bool {
		a, b := strings.ToLower(refs[i].Name.Inverted()), strings.ToLower(refs[j].Name.Inverted())
		return a < b
	})
	return refs
}
