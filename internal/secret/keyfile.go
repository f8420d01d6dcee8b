package secret

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// LoadOrCreateKeyFile reads the master key stored at path, or generates and
// stores a new one when the file does not exist; created reports which
// happened so the caller can tell the operator to back the file up.
//
// The file holds one line of standard base64 text with mode 0600; a missing
// parent directory is created with mode 0700. On Unix-like systems a key
// file readable by group or others is refused rather than used, because the
// key protects every encrypted field.
//
// Losing this file makes all encrypted data unreadable: the data cannot be
// recovered without it.
func LoadOrCreateKeyFile(path string) (keys *Keys, created bool, err error) {
	keys, err = readKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return keys, false, err
	}
	if err := createKeyFile(path); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return nil, false, err
		}
		// Another process won the race to create the file; its key is
		// the one that counts, so use it instead of ours.
		keys, err = readKeyFile(path)
		return keys, false, err
	}
	keys, err = readKeyFile(path)
	return keys, err == nil, err
}

func readKeyFile(path string) (*Keys, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secret: read key file: %w", err)
	}
	defer f.Close()
	// Stat the open file rather than the path so the mode checked is the
	// mode of the bytes read.
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("secret: stat key file: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("secret: key file %s has mode %04o; it must not be readable by group or others (chmod 600 it)", path, perm)
	}
	// A key file is one short line; the limit keeps a wrong path (say, a
	// log file) from being read whole into memory.
	b, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, fmt.Errorf("secret: read key file: %w", err)
	}
	keys, err := ParseMasterKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return keys, nil
}

// createKeyFile writes a new key to a temporary file first and then links it
// into place. Linking fails if path already exists, so a concurrent starter
// can never overwrite a key that may already encrypt data, and readers never
// see a half-written file.
func createKeyFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("secret: create key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".masterkey-*")
	if err != nil {
		return fmt.Errorf("secret: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	// os.CreateTemp already makes the file 0600, before any key is in it.
	if _, err := tmp.WriteString(GenerateMasterKey() + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("secret: write key file: %w", err)
	}
	// The key must reach the disk before any data is encrypted with it.
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("secret: sync key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("secret: close key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("secret: install key file: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes the new directory entry durable. It is best effort: some
// platforms cannot fsync a directory, and the file itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
