package importer

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// luaTable is a Lua table constructor's contents in source order. Keys are
// strings or int64 (float keys that are whole numbers become int64).
type luaTable struct {
	keys []any
	vals map[any]any
}

// get returns the value under key k (a string or an int).
func (t *luaTable) get(k any) any {
	if t == nil {
		return nil
	}
	if i, ok := k.(int); ok {
		k = int64(i)
	}
	return t.vals[k]
}

func (t *luaTable) str(k any) string {
	switch v := t.get(k).(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return ""
}

func (t *luaTable) table(k any) *luaTable {
	v, _ := t.get(k).(*luaTable)
	return v
}

// luaParser reads the data subset of Lua that KOReader writes in its
// metadata files: an optional "return", then one expression made of
// tables, strings, numbers, booleans and nil, with comments. Nothing is
// ever executed.
type luaParser struct {
	src  string
	pos  int
	line int
}

// luaError is a syntax error at a line.
type luaError struct {
	line int
	msg  string
}

func (e *luaError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseLua parses a KOReader metadata file into its value.
func parseLua(src string) (v any, err error) {
	p := &luaParser{src: strings.TrimPrefix(src, "\ufeff"), line: 1}
	defer func() {
		if r := recover(); r != nil {
			le, ok := r.(*luaError)
			if !ok {
				panic(r)
			}
			v, err = nil, le
		}
	}()
	p.skip()
	if p.word("return") {
		p.skip()
	}
	v = p.value(0)
	p.skip()
	if p.pos < len(p.src) {
		p.fail("unexpected %q after the value", p.peekText())
	}
	return v, nil
}

func (p *luaParser) fail(format string, args ...any) {
	panic(&luaError{line: p.line, msg: fmt.Sprintf(format, args...)})
}

func (p *luaParser) peekText() string {
	end := p.pos + 10
	if end > len(p.src) {
		end = len(p.src)
	}
	return p.src[p.pos:end]
}

// skip passes white space and comments.
func (p *luaParser) skip() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '\n':
			p.line++
			p.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			p.pos++
		case strings.HasPrefix(p.src[p.pos:], "--"):
			p.pos += 2
			if lvl, ok := p.longOpen(); ok {
				p.longBody(lvl)
				continue
			}
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// word consumes the keyword w when it is next.
func (p *luaParser) word(w string) bool {
	if !strings.HasPrefix(p.src[p.pos:], w) {
		return false
	}
	end := p.pos + len(w)
	if end < len(p.src) && isLuaName(p.src[end]) {
		return false
	}
	p.pos = end
	return true
}

func isLuaName(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

const maxLuaDepth = 100

func (p *luaParser) value(depth int) any {
	if depth > maxLuaDepth {
		p.fail("tables nested more than %d deep", maxLuaDepth)
	}
	p.skip()
	if p.pos >= len(p.src) {
		p.fail("unexpected end of file, expected a value")
	}
	c := p.src[p.pos]
	switch {
	case c == '{':
		return p.table(depth)
	case c == '"' || c == '\'':
		return p.quoted()
	case c == '[':
		if lvl, ok := p.longOpen(); ok {
			return p.longBody(lvl)
		}
	case c == '-' || c == '.' || c >= '0' && c <= '9':
		return p.number()
	case p.word("true"):
		return true
	case p.word("false"):
		return false
	case p.word("nil"):
		return nil
	}
	p.fail("unexpected %q: only tables, strings, numbers, true, false and nil are read", p.peekText())
	return nil
}

func (p *luaParser) table(depth int) *luaTable {
	p.pos++ // {
	t := &luaTable{vals: map[any]any{}}
	next := int64(1)
	set := func(k, v any) {
		if f, ok := k.(float64); ok && f == float64(int64(f)) {
			k = int64(f)
		}
		switch k.(type) {
		case string, int64, float64, bool:
		default:
			p.fail("table key must be a string, number or boolean")
		}
		if _, dup := t.vals[k]; !dup {
			t.keys = append(t.keys, k)
		}
		if v == nil {
			delete(t.vals, k)
			return
		}
		t.vals[k] = v
	}
	for {
		p.skip()
		if p.pos >= len(p.src) {
			p.fail("table opened with { is never closed")
		}
		if p.src[p.pos] == '}' {
			p.pos++
			return t
		}
		switch {
		case p.src[p.pos] == '[' && !strings.HasPrefix(p.src[p.pos:], "[[") && !strings.HasPrefix(p.src[p.pos:], "[="):
			p.pos++
			k := p.value(depth + 1)
			p.skip()
			p.expect(']')
			p.skip()
			p.expect('=')
			set(k, p.value(depth+1))
		case isLuaStart(p.src[p.pos]) && p.nameThenEquals():
			start := p.pos
			for p.pos < len(p.src) && isLuaName(p.src[p.pos]) {
				p.pos++
			}
			k := p.src[start:p.pos]
			p.skip()
			p.expect('=')
			set(k, p.value(depth+1))
		default:
			set(next, p.value(depth+1))
			next++
		}
		p.skip()
		if p.pos < len(p.src) && (p.src[p.pos] == ',' || p.src[p.pos] == ';') {
			p.pos++
			continue
		}
		p.skip()
		if p.pos >= len(p.src) || p.src[p.pos] != '}' {
			p.fail("expected , or } in table, found %q", p.peekText())
		}
	}
}

func isLuaStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// nameThenEquals reports whether a name followed by "=" (not "==") is next.
func (p *luaParser) nameThenEquals() bool {
	i := p.pos
	for i < len(p.src) && isLuaName(p.src[i]) {
		i++
	}
	for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\r' || p.src[i] == '\n') {
		i++
	}
	return i < len(p.src) && p.src[i] == '=' && (i+1 >= len(p.src) || p.src[i+1] != '=')
}

func (p *luaParser) expect(c byte) {
	if p.pos >= len(p.src) || p.src[p.pos] != c {
		p.fail("expected %q, found %q", string(c), p.peekText())
	}
	p.pos++
}

func (p *luaParser) number() any {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	hex := strings.HasPrefix(p.src[p.pos:], "0x") || strings.HasPrefix(p.src[p.pos:], "0X")
	if hex {
		p.pos += 2
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c >= '0' && c <= '9' || c == '.' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') ||
			!hex && (c == 'e' || c == 'E') || (c == '-' || c == '+') && !hex && (p.src[p.pos-1] == 'e' || p.src[p.pos-1] == 'E') {
			p.pos++
			continue
		}
		break
	}
	text := p.src[start:p.pos]
	if i, err := strconv.ParseInt(text, 0, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		return f
	}
	p.fail("bad number %q", text)
	return nil
}

// longOpen consumes "[[" or "[==[" and returns its level.
func (p *luaParser) longOpen() (int, bool) {
	if p.pos >= len(p.src) || p.src[p.pos] != '[' {
		return 0, false
	}
	i := p.pos + 1
	lvl := 0
	for i < len(p.src) && p.src[i] == '=' {
		lvl++
		i++
	}
	if i >= len(p.src) || p.src[i] != '[' {
		return 0, false
	}
	p.pos = i + 1
	return lvl, true
}

func (p *luaParser) longBody(lvl int) string {
	closeTok := "]" + strings.Repeat("=", lvl) + "]"
	end := strings.Index(p.src[p.pos:], closeTok)
	if end < 0 {
		p.fail("long string or comment never closed (%s)", closeTok)
	}
	s := p.src[p.pos : p.pos+end]
	p.line += strings.Count(s, "\n")
	p.pos += end + len(closeTok)
	// A newline right after the opening bracket is skipped.
	s = strings.TrimPrefix(strings.TrimPrefix(s, "\r"), "\n")
	return s
}

func (p *luaParser) quoted() string {
	q := p.src[p.pos]
	p.pos++
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			p.fail("string never closed")
		}
		c := p.src[p.pos]
		switch {
		case c == q:
			p.pos++
			return b.String()
		case c == '\n':
			p.fail("string not closed on its line")
		case c == '\\':
			p.pos++
			if p.pos >= len(p.src) {
				p.fail("string never closed")
			}
			e := p.src[p.pos]
			p.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'a':
				b.WriteByte('\a')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'v':
				b.WriteByte('\v')
			case '\\', '"', '\'':
				b.WriteByte(e)
			case '\n':
				p.line++
				b.WriteByte('\n')
			case 'z':
				for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
					if p.src[p.pos] == '\n' {
						p.line++
					}
					p.pos++
				}
			case 'x':
				if p.pos+2 > len(p.src) {
					p.fail("bad \\x escape")
				}
				n, err := strconv.ParseUint(p.src[p.pos:p.pos+2], 16, 8)
				if err != nil {
					p.fail("bad \\x escape")
				}
				b.WriteByte(byte(n))
				p.pos += 2
			case 'u':
				end := strings.IndexByte(p.src[p.pos:], '}')
				if !strings.HasPrefix(p.src[p.pos:], "{") || end < 0 {
					p.fail("bad \\u escape")
				}
				n, err := strconv.ParseUint(p.src[p.pos+1:p.pos+end], 16, 32)
				if err != nil || n > utf8.MaxRune {
					p.fail("bad \\u escape")
				}
				b.WriteRune(rune(n))
				p.pos += end + 1
			default:
				if e >= '0' && e <= '9' {
					n := int(e - '0')
					for k := 0; k < 2 && p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9'; k++ {
						n = n*10 + int(p.src[p.pos]-'0')
						p.pos++
					}
					if n > 255 {
						p.fail("bad decimal escape")
					}
					b.WriteByte(byte(n))
					continue
				}
				p.fail("unknown escape \\%c", e)
			}
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}
