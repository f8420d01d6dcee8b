package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/shequ-dev/shequ/internal/errs"
)

// csvParser reads CSV records as Excel writes and reads them. It is lenient where
// Excel is and strict where leniency would lose data:
//
//   - a quote inside an unquoted field is an ordinary character, so the ="0123"
//     cells many systems write and a stray 他说"好 read as written (encoding/csv
//     refuses both unless LazyQuotes is set, and LazyQuotes lets a quote that
//     never closes swallow the rest of the file without an error);
//   - text after the closing quote of a quoted field is kept, as Excel does;
//   - a quoted field still open at the end of the file is an error naming the line
//     where it began, and a record longer than maxRecord stops the reader, so one
//     stray quote cannot make the server hold the whole upload in memory.
//
// Line breaks inside quoted fields come out as "\n", as from encoding/csv.
type csvParser struct {
	br        *bufio.Reader
	comma     byte
	maxRecord int
	line      int // lines consumed

	long   []byte // a line longer than the bufio buffer, assembled
	buf    []byte // the record's field bytes
	ends   []int  // where each field ends in buf
	fields []string
}

func (p *csvParser) close() error { return nil }

func (p *csvParser) next() ([]string, int, error) {
	p.buf, p.ends = p.buf[:0], p.ends[:0]
	start := p.line + 1
	line, err := p.readLine()
	if err != nil {
		return nil, 0, err
	}
	pos := 0
	for {
		if pos < len(line) && line[pos] == '"' {
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i >= 0 {
					p.buf = append(p.buf, line[pos:pos+i]...)
					pos += i + 1
					if pos < len(line) && line[pos] == '"' {
						p.buf = append(p.buf, '"')
						pos++
						continue
					}
					break // closed; anything up to the separator is kept as is
				}
				p.buf = append(p.buf, line[pos:]...)
				p.buf = append(p.buf, '\n')
				if len(p.buf) > p.maxRecord {
					return nil, 0, p.tooLong(start)
				}
				if line, err = p.readLine(); err != nil {
					if err == io.EOF {
						return nil, 0, &errs.Error{Code: errs.Invalid, Msg: errs.M("err.tabular_csv_quote", start),
							Err: errors.Join(ErrSyntax, errors.New("quoted field not closed at end of file"))}
					}
					return nil, 0, err
				}
				pos = 0
			}
		}
		i := bytes.IndexByte(line[pos:], p.comma)
		if i < 0 {
			p.buf = append(p.buf, line[pos:]...)
			p.ends = append(p.ends, len(p.buf))
			break
		}
		p.buf = append(p.buf, line[pos:pos+i]...)
		p.ends = append(p.ends, len(p.buf))
		pos += i + 1
	}
	if len(p.buf) > p.maxRecord {
		return nil, 0, p.tooLong(start)
	}
	s := string(p.buf) // one allocation per record; the cells are slices of it
	p.fields = p.fields[:0]
	from := 0
	for _, end := range p.ends {
		p.fields = append(p.fields, unwrapExcelText(s[from:end]))
		from = end
	}
	return p.fields, start, nil
}

// readLine returns the next line without its line end; io.EOF when there is none.
// The slice is valid until the next call.
func (p *csvParser) readLine() ([]byte, error) {
	line, err := p.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		p.long = append(p.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(p.long) > p.maxRecord {
				return nil, p.tooLong(p.line + 1)
			}
			line, err = p.br.ReadSlice('\n')
			p.long = append(p.long, line...)
		}
		line = p.long
	}
	if err != nil && err != io.EOF {
		if e := errs.As(err); e != nil {
			return nil, e
		}
		return nil, ioError(err)
	}
	if len(line) == 0 {
		return nil, io.EOF
	}
	p.line++
	line = bytes.TrimSuffix(line, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	return line, nil
}

func (p *csvParser) tooLong(start int) error {
	return tooLarge("err.tabular_record_too_long", start, p.maxRecord>>10)
}
