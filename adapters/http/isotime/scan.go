package isotime

// fields are the parts of a datetime as written, before any zone is applied.
type fields struct {
	year, month, day     int
	hour, minute, second int
	nanos                int // already cut to microseconds
	hasOffset            bool
	offset               int // seconds east of UTC
}

// scanner walks the input byte by byte; only ASCII digits count as digits
// (Python's \d would also take other scripts' digits, which no client sends).
type scanner struct {
	s string
	i int
}

func (p *scanner) done() bool { return p.i >= len(p.s) }

func (p *scanner) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

func (p *scanner) accept(c byte) bool {
	if p.peek() == c && !p.done() {
		p.i++
		return true
	}
	return false
}

// digits reads between minN and maxN ASCII digits.
func (p *scanner) digits(minN, maxN int) (int, bool) {
	n, v := 0, 0
	for n < maxN && !p.done() && isDigit(p.s[p.i]) {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	return v, n >= minN
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// scan reads the grammar described on Parse; range checks are left to valid.
func scan(s string) (fields, bool) {
	var v fields
	p := &scanner{s: s}
	var ok bool
	if v.year, ok = p.digits(4, 4); !ok || !p.accept('-') {
		return v, false
	}
	if v.month, ok = p.digits(1, 2); !ok || !p.accept('-') {
		return v, false
	}
	if v.day, ok = p.digits(1, 2); !ok {
		return v, false
	}
	if p.done() {
		return v, true // a date alone: midnight, naive
	}
	if !p.accept('T') && !p.accept(' ') {
		return v, false
	}
	if v.hour, ok = p.digits(1, 2); !ok || !p.accept(':') {
		return v, false
	}
	if v.minute, ok = p.digits(1, 2); !ok {
		return v, false
	}
	if p.accept(':') {
		if v.second, ok = p.digits(1, 2); !ok {
			return v, false
		}
		if p.accept('.') || p.accept(',') {
			if v.nanos, ok = fraction(p); !ok {
				return v, false
			}
		}
	}
	for p.accept(' ') { // Django's pattern allows blanks before the offset
	}
	if p.done() {
		return v, true
	}
	if !zone(p, &v) {
		return v, false
	}
	return v, p.done()
}

// fraction reads one or more digits and keeps the first six (microseconds),
// cutting the rest as Django does.
func fraction(p *scanner) (int, bool) {
	us, n := 0, 0
	for !p.done() && isDigit(p.peek()) {
		if n < 6 {
			us = us*10 + int(p.peek()-'0')
		}
		p.i++
		n++
	}
	for k := n; k < 6; k++ {
		us *= 10
	}
	return us * 1000, n > 0
}

// zone reads Z, ±HH, ±HHMM or ±HH:MM.
func zone(p *scanner, v *fields) bool {
	if p.accept('Z') {
		v.hasOffset = true
		return true
	}
	sign := 1
	switch {
	case p.accept('+'):
	case p.accept('-'):
		sign = -1
	default:
		return false
	}
	h, ok := p.digits(2, 2)
	if !ok {
		return false
	}
	m := 0
	if !p.done() {
		p.accept(':')
		if m, ok = p.digits(2, 2); !ok {
			return false
		}
	}
	if h > 23 || m > 59 {
		return false
	}
	v.hasOffset, v.offset = true, sign*(h*3600+m*60)
	return true
}

// valid applies Python's datetime range checks.
func (v fields) valid() bool {
	if v.year < 1 || v.month < 1 || v.month > 12 || v.day < 1 || v.day > daysIn(v.year, v.month) {
		return false
	}
	return v.hour <= 23 && v.minute <= 59 && v.second <= 59
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
