package importer

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// ReadAppleBooks reads the highlights and notes Apple Books keeps on a
// Mac, in two Core Data stores under
// ~/Library/Containers/com.apple.iBooksX/Data/Documents: the annotations
// (AEAnnotation/AEAnnotation_*.sqlite, table ZAEANNOTATION) and the
// library (BKLibrary/BKLibrary-*.sqlite, table ZBKLIBRARYASSET: each
// book's title and author by asset ID). path is the annotations store,
// or the Documents folder or its AEAnnotation folder; the library is
// found beside it. Both are opened read-only and immutable, so the app's
// files are never changed; a store's write-ahead log is then not read, and
// a warning says so when it holds anything (quit Apple Books first).
//
// Deleted annotations and those without text or note (bookmarks, the
// place reading stopped) are skipped. Without the library, or for a book
// it does not hold, the title is the asset ID, with a warning.
func ReadAppleBooks(path string) ([]*Source, []Problem, error) {
	annotations, library, err := appleBooksStores(path)
	if err != nil {
		return nil, nil, fmt.Errorf("applebooks: %w", err)
	}
	name := filepath.Base(annotations)
	db, err := openReadOnly(annotations)
	if err != nil {
		return nil, nil, fmt.Errorf("applebooks: %s: %w", name, err)
	}
	defer db.Close()
	cols, err := koboColumns(db, "ZAEANNOTATION")
	if err != nil {
		return nil, nil, fmt.Errorf("applebooks: %s: not an Apple Books annotations store: %w", name, err)
	}
	if !cols["zannotationassetid"] || !cols["zannotationselectedtext"] {
		return nil, nil, fmt.Errorf("applebooks: %s: not an Apple Books annotations store (its ZAEANNOTATION table has no ZANNOTATIONASSETID and ZANNOTATIONSELECTEDTEXT columns)", name)
	}
	opt := func(col, expr, none string) string {
		if cols[strings.ToLower(col)] {
			return expr
		}
		return none
	}
	q := `SELECT Z_PK, IFNULL(ZANNOTATIONASSETID, ''), IFNULL(ZANNOTATIONSELECTEDTEXT, ''),
	        ` + opt("ZANNOTATIONNOTE", "IFNULL(ZANNOTATIONNOTE, '')", "''") + `,
	        ` + opt("ZANNOTATIONDELETED", "IFNULL(ZANNOTATIONDELETED, 0)", "0") + `
	      FROM ZAEANNOTATION
	      ORDER BY ZANNOTATIONASSETID, ` + opt("ZPLLOCATIONRANGESTART", "ZPLLOCATIONRANGESTART", "0") + `, ` +
		opt("ZANNOTATIONCREATIONDATE", "ZANNOTATIONCREATIONDATE", "0") + `, Z_PK`
	rows, err := db.Query(q)
	if err != nil {
		return nil, nil, fmt.Errorf("applebooks: %s: reading annotations: %w", name, err)
	}
	defer rows.Close()
	var probs []Problem
	if st, err := os.Stat(annotations + "-wal"); err == nil && st.Size() > 0 {
		// read immutable, the store leaves out what its write-ahead log
		// holds
		probs = append(probs, Problem{Where: name, Warning: true, Message: "its write-ahead log (" + name + "-wal) is not empty: the newest annotations may be missing; quit Apple Books, which writes them into the store, and import again"})
	}
	var sources []*Source
	byKey := map[string]*Source{}
	for rows.Next() {
		var pk, deleted int64
		var asset, text, note string
		if err := rows.Scan(&pk, &asset, &text, &note, &deleted); err != nil {
			probs = append(probs, Problem{Where: fmt.Sprintf("%s: ZAEANNOTATION row %d", name, pk), Message: fmt.Sprintf("cannot read: %v; skipped", err)})
			continue
		}
		if deleted != 0 || strings.TrimSpace(text) == "" && strings.TrimSpace(note) == "" {
			continue // deleted, a bookmark or where reading stopped
		}
		at := fmt.Sprintf("%s: ZAEANNOTATION row %d", name, pk)
		if asset == "" {
			probs = append(probs, Problem{Where: at, Message: "annotation of no book (empty ZANNOTATIONASSETID); skipped"})
			continue
		}
		key := "applebooks:" + asset
		s := byKey[key]
		if s == nil {
			s = &Source{Key: key, Title: asset, Type: "book"}
			byKey[key] = s
			sources = append(sources, s)
		}
		s.Highlights = append(s.Highlights, Highlight{Text: text, Note: note, Where: at})
	}
	if err := rows.Err(); err != nil {
		return sources, probs, fmt.Errorf("applebooks: %s: reading annotations: %w", name, err)
	}
	return sources, append(probs, appleBooksTitles(library, name, sources)...), nil
}

// appleBooksTitles gives sources their titles and authors from the
// library store (path "" when there is none), and warns of those it
// cannot.
func appleBooksTitles(library, annotations string, sources []*Source) []Problem {
	if len(sources) == 0 {
		return nil
	}
	if library == "" {
		return []Problem{{Where: annotations, Warning: true, Message: "no Apple Books library (BKLibrary/BKLibrary-*.sqlite) beside it: the books are named by their asset IDs; edit the titles and authors"}}
	}
	name := filepath.Base(library)
	fail := func(err error) []Problem {
		return []Problem{{Where: name, Warning: true, Message: fmt.Sprintf("cannot read the library (%v): the books are named by their asset IDs", err)}}
	}
	db, err := openReadOnly(library)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	cols, err := koboColumns(db, "ZBKLIBRARYASSET")
	if err != nil {
		return fail(err)
	}
	lang := "''"
	if cols["zlanguage"] {
		lang = "IFNULL(ZLANGUAGE, '')"
	}
	rows, err := db.Query(`SELECT IFNULL(ZASSETID, ''), IFNULL(ZTITLE, ''), IFNULL(ZAUTHOR, ''), ` + lang + ` FROM ZBKLIBRARYASSET`)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	type book struct{ title, author, lang string }
	books := map[string]book{}
	for rows.Next() {
		var id string
		var b book
		if err := rows.Scan(&id, &b.title, &b.author, &b.lang); err == nil && id != "" {
			books[id] = b
		}
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	var probs []Problem
	for _, s := range sources {
		id := strings.TrimPrefix(s.Key, "applebooks:")
		b, ok := books[id]
		if !ok || strings.TrimSpace(b.title) == "" {
			probs = append(probs, Problem{Where: name, Warning: true, Message: fmt.Sprintf("book %q is not in the library: named by its asset ID", clipText(id, 80))})
			continue
		}
		s.Title, s.Authors, s.Lang = strings.TrimSpace(b.title), splitAuthors(b.author), b.lang
	}
	return probs
}

// appleBooksStores returns the annotations store path names (the file,
// or the one in the Documents or AEAnnotation folder it names) and the
// library store beside it, "" when there is none.
func appleBooksStores(path string) (annotations, library string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", "", err
	}
	annotations = path
	if st.IsDir() {
		dir := path
		if sub := filepath.Join(path, "AEAnnotation"); isDir(sub) {
			dir = sub
		}
		found := storesIn(dir, "AEAnnotation")
		if len(found) == 0 {
			return "", "", fmt.Errorf("%s: no AEAnnotation_*.sqlite in it (give Apple Books' Documents folder, ~/Library/Containers/com.apple.iBooksX/Data/Documents)", path)
		}
		annotations = found[0]
	}
	if found := storesIn(filepath.Join(filepath.Dir(annotations), "..", "BKLibrary"), "BKLibrary"); len(found) > 0 {
		library = found[0]
	}
	return annotations, library, nil
}

// storesIn returns the SQLite stores in dir whose names start with
// prefix, sorted (a store's -wal and -shm files left out).
func storesIn(dir, prefix string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, prefix+"*.sqlite"))
	sort.Strings(matches)
	return matches
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// openReadOnly opens the SQLite database at path read-only and
// immutable: nothing is ever written to it, its journal included.
func openReadOnly(path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "mode=ro&immutable=1"}
	return sql.Open("sqlite", u.String())
}
