package importer

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ReadKobo reads the highlights and notes of a Kobo e-reader's
// KoboReader.sqlite: the Bookmark table joined to the content table for
// each book's title, author, publisher and language. The database is
// opened read-only and immutable, so a device's file is never changed.
// Bookmarks without text (dog-ears) are skipped; a highlight whose book is
// not in the content table is reported with its SQLite row id.
func ReadKobo(path string) ([]*Source, []Problem, error) {
	name := filepath.Base(path)
	if _, err := os.Stat(path); err != nil {
		return nil, nil, fmt.Errorf("kobo: %w", err)
	}
	db, err := openReadOnly(path)
	if err != nil {
		return nil, nil, fmt.Errorf("kobo: %s: %w", name, err)
	}
	defer db.Close()
	cols, err := koboColumns(db, "Bookmark")
	if err != nil {
		return nil, nil, fmt.Errorf("kobo: %s: not a Kobo database: %w", name, err)
	}
	if !cols["volumeid"] || !cols["text"] {
		return nil, nil, fmt.Errorf("kobo: %s: not a Kobo database (its Bookmark table has no VolumeID and Text columns)", name)
	}
	opt := func(col, expr string) string {
		if cols[strings.ToLower(col)] {
			return expr
		}
		return "''"
	}
	q := `SELECT b.rowid, b.VolumeID, IFNULL(b.Text, ''), ` + opt("Annotation", "IFNULL(b.Annotation, '')") + `,
	        ` + opt("Type", "IFNULL(b.Type, '')") + `, ` + opt("Hidden", "IFNULL(b.Hidden, '')") + `, ` + opt("DateCreated", "IFNULL(b.DateCreated, '')") + `,
	        c.ContentID IS NOT NULL, IFNULL(c.Title, ''), IFNULL(c.Attribution, ''), IFNULL(c.Publisher, ''), IFNULL(c.Language, '')
	      FROM Bookmark b LEFT JOIN content c ON c.ContentID = b.VolumeID
	      ORDER BY b.VolumeID, ` + opt("ChapterProgress", "b.ChapterProgress") + `, ` + opt("DateCreated", "b.DateCreated") + `, b.rowid`
	rows, err := db.Query(q)
	if err != nil {
		return nil, nil, fmt.Errorf("kobo: %s: reading bookmarks: %w", name, err)
	}
	defer rows.Close()
	var probs []Problem
	var sources []*Source
	byKey := map[string]*Source{}
	for rows.Next() {
		var rowid int64
		var volume, text, note, typ, hidden, created, title, author, publisher, lang string
		var known bool
		if err := rows.Scan(&rowid, &volume, &text, &note, &typ, &hidden, &created, &known, &title, &author, &publisher, &lang); err != nil {
			probs = append(probs, Problem{Where: fmt.Sprintf("%s: Bookmark row %d", name, rowid), Message: fmt.Sprintf("cannot read: %v; skipped", err)})
			continue
		}
		at := fmt.Sprintf("%s: Bookmark row %d", name, rowid)
		if strings.EqualFold(hidden, "true") || strings.EqualFold(typ, "dogear") {
			continue
		}
		if strings.TrimSpace(text) == "" && strings.TrimSpace(note) == "" {
			continue // a bookmark without a passage
		}
		if !known {
			probs = append(probs, Problem{Where: at, Message: fmt.Sprintf("highlight of a book that is not in the content table (VolumeID %q); skipped", clipText(volume, 80))})
			continue
		}
		if title == "" {
			title = strings.TrimSuffix(filepath.Base(volume), filepath.Ext(volume))
		}
		key := "kobo:" + volume
		s := byKey[key]
		if s == nil {
			s = &Source{Key: key, Title: title, Authors: splitAuthors(author), Publisher: publisher, Type: "book", Lang: lang}
			byKey[key] = s
			sources = append(sources, s)
		}
		s.Highlights = append(s.Highlights, Highlight{Text: text, Note: note, Where: at})
	}
	if err := rows.Err(); err != nil {
		return sources, probs, fmt.Errorf("kobo: %s: reading bookmarks: %w", name, err)
	}
	return sources, probs, nil
}

// koboColumns returns the lower-cased column names of a table.
func koboColumns(db *sql.DB, table string) (map[string]bool, error) {
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		cols[strings.ToLower(n)] = true
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("no %s table", table)
	}
	return cols, rows.Err()
}
