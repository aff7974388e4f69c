package pdf

import "github.com/commonplace-book/commonplace/render/books"

// curly turns the straight quotes and apostrophes of a heading, byline or
// index name into typographic ones (books.Curly).
func curly(s string) string { return books.Curly(s) }
