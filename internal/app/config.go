// Package app wires shequ together for the command line: configuration from flags and
// SHEQU_* environment variables, the database, the key for personal data, and the
// subcommands of the shequ binary.
package app

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/demo"
)

// Config is the whole configuration. Every field has a flag and an environment variable;
// the README's configuration table lists them (a test keeps the two in step).
type Config struct {
	Addr            string
	DataDir         string
	DB              string
	Key             string
	KeyFile         string
	Demo            bool
	DemoSeed        int64
	DemoPopulation  demo.Population
	SecureCookies   bool
	TrustedProxies  []netip.Prefix
	MapTiles        string
	MapAttribution  string
	PublicURL       string
	MaxBody         int64
	MaxUpload       int64
	SessionIdle     time.Duration
	SessionMax      time.Duration
	ShutdownTimeout time.Duration
	LogLevel        string
	LogFormat       string
	PatrolsPerDay   int
	PatrolMin       time.Duration
	CaseWarnAt      float64 // share of a limit after which a case turns yellow
	CaseSupervise   int     // working days after a limit before the superior supervises
	CaseReturn      int     // working hours after dispatch a unit may return a case
	CaseRadius      float64 // metres within which alike reports are suggested as duplicates
	CaseAuto        bool    // register and dispatch by the rules at intake
}

// option describes one setting: its flag name, environment variable and help.
type option struct {
	name, env, help string
	def             string
	set             func(c *Config, v string) error
}

// options lists every setting, in the order of the README's table.
var options = []option{
	{"addr", "SHEQU_ADDR", "address to listen on", "127.0.0.1:8080", func(c *Config, v string) error { c.Addr = v; return nil }},
	{"data-dir", "SHEQU_DATA_DIR", "directory for the SQLite database and the generated key file", "./shequ-data",
		func(c *Config, v string) error { c.DataDir = v; return nil }},
	{"db", "SHEQU_DB", "database: a SQLite file path, or a postgres:// URL (default: shequ.db in the data directory)", "",
		func(c *Config, v string) error { c.DB = v; return nil }},
	{"key", "SHEQU_KEY", "master key for personal data, base64 of 32 bytes (default: read or create the key file)", "",
		func(c *Config, v string) error { c.Key = v; return nil }},
	{"key-file", "SHEQU_KEY_FILE", "file holding the master key (default: master.key in the data directory)", "",
		func(c *Config, v string) error { c.KeyFile = v; return nil }},
	{"demo", "SHEQU_DEMO", "on an empty database, seed the demo district and print the demo accounts", "false",
		func(c *Config, v string) (err error) { c.Demo, err = strconv.ParseBool(v); return }},
	{"demo-seed", "SHEQU_DEMO_SEED", "seed of the demo district (the same seed gives the same district)", "1",
		func(c *Config, v string) (err error) { c.DemoSeed, err = strconv.ParseInt(v, 10, 64); return }},
	{"demo-population", "SHEQU_DEMO_POPULATION", "which grids of the demo district get buildings, houses, residents, organisations and facilities: community (the first community, about 3,300 residents), street (the first street, about 45,000), district (every grid, about half a million) or none", "community",
		func(c *Config, v string) error {
			c.DemoPopulation = demo.Population(v)
			if !c.DemoPopulation.Valid() {
				return errors.New("want community, street, district or none")
			}
			return nil
		}},
	{"secure-cookies", "SHEQU_SECURE_COOKIES", "mark cookies Secure even on plain HTTP (set behind a TLS proxy that does not send X-Forwarded-Proto)", "false",
		func(c *Config, v string) (err error) { c.SecureCookies, err = strconv.ParseBool(v); return }},
	{"trusted-proxies", "SHEQU_TRUSTED_PROXIES", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (for sign-in limits and the audit log)", "",
		func(c *Config, v string) (err error) { c.TrustedProxies, err = parseProxies(v); return }},
	{"map-tiles", "SHEQU_MAP_TILES", "tile URL template for the map, e.g. https://{s}.tile.example.com/{z}/{x}/{y}.png (default: vector layers only, no tile server)", "",
		func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
				return fmt.Errorf("must be an http(s) URL template with {z}, {x} and {y}")
			}
			if v != "" && !(strings.Contains(v, "{z}") && strings.Contains(v, "{x}") && strings.Contains(v, "{y}")) {
				return fmt.Errorf("must contain {z}, {x} and {y}")
			}
			c.MapTiles = v
			return nil
		}},
	{"map-attribution", "SHEQU_MAP_ATTRIBUTION", "credit shown on the map for the tiles, as the tile provider requires", "",
		func(c *Config, v string) error { c.MapAttribution = v; return nil }},
	{"public-url", "SHEQU_PUBLIC_URL", "address residents reach the site at, e.g. https://shequ.example.cn: the QR door plates encode it (default: the address each plate sheet is printed from)", "",
		func(c *Config, v string) error {
			v = strings.TrimRight(v, "/")
			if u, err := url.Parse(v); v != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "") {
				return fmt.Errorf("must be an http(s) address such as https://shequ.example.cn")
			}
			c.PublicURL = v
			return nil
		}},
	{"max-body", "SHEQU_MAX_BODY", "largest request body in bytes", "1048576",
		func(c *Config, v string) (err error) { c.MaxBody, err = strconv.ParseInt(v, 10, 64); return }},
	{"max-upload", "SHEQU_MAX_UPLOAD", "largest uploaded file in bytes (register imports, boundaries)", "209715200",
		func(c *Config, v string) (err error) { c.MaxUpload, err = strconv.ParseInt(v, 10, 64); return }},
	{"session-idle", "SHEQU_SESSION_IDLE", "a session unused this long ends", "12h",
		func(c *Config, v string) (err error) { c.SessionIdle, err = time.ParseDuration(v); return }},
	{"session-max", "SHEQU_SESSION_MAX", "no session lives longer than this", "168h",
		func(c *Config, v string) (err error) { c.SessionMax, err = time.ParseDuration(v); return }},
	{"shutdown-timeout", "SHEQU_SHUTDOWN_TIMEOUT", "how long a graceful shutdown waits for requests to finish", "15s",
		func(c *Config, v string) (err error) { c.ShutdownTimeout, err = time.ParseDuration(v); return }},
	{"log-level", "SHEQU_LOG_LEVEL", "debug, info, warn or error", "info", func(c *Config, v string) error {
		switch v {
		case "debug", "info", "warn", "error":
			c.LogLevel = v
			return nil
		}
		return fmt.Errorf("must be debug, info, warn or error")
	}},
	{"log-format", "SHEQU_LOG_FORMAT", "text or json", "text", func(c *Config, v string) error {
		if v != "text" && v != "json" {
			return fmt.Errorf("must be text or json")
		}
		c.LogFormat = v
		return nil
	}},
	{"patrols-per-day", "SHEQU_PATROLS_PER_DAY", "patrols each grid needs a day (一日双巡: 2)", "2", func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 24 {
			return fmt.Errorf("must be a whole number from 1 to 24")
		}
		c.PatrolsPerDay = n
		return nil
	}},
	{"case-warn-at", "SHEQU_CASE_WARN_AT", "share of a stage's time limit after which a case turns yellow and its unit is urged", "0.8",
		func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0.5 || f > 0.95 {
				return fmt.Errorf("must be a number from 0.5 to 0.95")
			}
			c.CaseWarnAt = f
			return nil
		}},
	{"case-supervise-after", "SHEQU_CASE_SUPERVISE_AFTER", "working days after a time limit before the superior supervises (督办)", "1",
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 10 {
				return fmt.Errorf("must be a whole number from 0 to 10")
			}
			c.CaseSupervise = n
			return nil
		}},
	{"case-return-window", "SHEQU_CASE_RETURN_WINDOW", "working hours after dispatch in which a unit may return a case (退单)", "2",
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 40 {
				return fmt.Errorf("must be a whole number from 0 to 40")
			}
			c.CaseReturn = n
			return nil
		}},
	{"case-duplicate-radius", "SHEQU_CASE_DUPLICATE_RADIUS", "metres within which open reports of one category with alike text are suggested as duplicates", "100",
		func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 2000 {
				return fmt.Errorf("must be a number of metres from 0 to 2000")
			}
			c.CaseRadius = f
			return nil
		}},
	{"case-auto-dispatch", "SHEQU_CASE_AUTO_DISPATCH", "register and dispatch new cases by the rules when nothing needs a person's judgement", "true",
		func(c *Config, v string) (err error) { c.CaseAuto, err = strconv.ParseBool(v); return }},
	{"patrol-min-duration", "SHEQU_PATROL_MIN_DURATION", "how long a patrol must last to count towards the day's requirement", "30m", func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 12*time.Hour {
			return fmt.Errorf("must be a duration from 0 to 12h, such as 30m")
		}
		c.PatrolMin = d
		return nil
	}},
}

// flags registers the named options on fs, each defaulting to its environment variable
// when set, and returns a function that applies them to a Config after parsing.
func flags(fs *flag.FlagSet, names ...string) func() (*Config, error) {
	vals := map[string]*string{}
	for _, o := range options {
		if !contains(names, o.name) {
			continue
		}
		def := o.def
		if v, ok := os.LookupEnv(o.env); ok {
			def = v
		}
		help := fmt.Sprintf("%s [$%s]", o.help, o.env)
		if o.def == "true" || o.def == "false" {
			v := boolString(def)
			fs.Var(&v, o.name, help) // so "--demo" alone means true
			vals[o.name] = (*string)(&v)
			continue
		}
		vals[o.name] = fs.String(o.name, def, help)
	}
	return func() (*Config, error) {
		c := &Config{}
		for _, o := range options {
			v := o.def
			if p, ok := vals[o.name]; ok {
				v = *p
			}
			if err := o.set(c, strings.TrimSpace(v)); err != nil {
				return nil, fmt.Errorf("--%s %q: %v", o.name, v, err)
			}
		}
		if c.DB == "" {
			c.DB = filepath.Join(c.DataDir, "shequ.db")
		}
		if c.KeyFile == "" {
			c.KeyFile = filepath.Join(c.DataDir, "master.key")
		}
		if c.MaxBody < 1024 {
			return nil, fmt.Errorf("--max-body must be at least 1024 bytes")
		}
		if c.MaxUpload < c.MaxBody {
			return nil, fmt.Errorf("--max-upload must be at least --max-body")
		}
		return c, nil
	}
}

// parseProxies reads a comma-separated list of addresses and CIDR ranges.
func parseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR range such as 10.0.0.0/8", item)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// dbOptions are the options every database command takes.
var dbOptions = []string{"data-dir", "db", "key", "key-file", "log-level", "log-format"}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// IsPostgres reports whether the configured database is PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// boolString is a flag value that may be given without a value, like a bool flag, but
// keeps its text so it is validated with the other options.
type boolString string

func (b *boolString) String() string     { return string(*b) }
func (b *boolString) Set(s string) error { *b = boolString(s); return nil }
func (b *boolString) IsBoolFlag() bool   { return true }

// casePolicy is the loop's policy: the defaults with what the configuration sets.
func (c *Config) casePolicy() cases.Policy {
	p := cases.DefaultPolicy()
	p.WarnFraction, p.DuplicateRadius, p.AutoDispatch = c.CaseWarnAt, c.CaseRadius, c.CaseAuto
	p.SuperviseAfter = calendar.Limit{Amount: c.CaseSupervise, Unit: calendar.WorkingDays}
	p.ReturnWindow = calendar.Limit{Amount: c.CaseReturn, Unit: calendar.WorkingHours}
	return p
}
