// This file makes the process backend's data directory template: one
// initialised data directory with the time-zone tables loaded, per test
// binary and server binary, which every new server copies instead of
// initialising its own (initialisation and the time-zone load take about
// 3 s; a copy a fraction of one).

package mysqltest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

var templates struct {
	sync.Mutex
	byBinary map[string]*datadirTemplateEntry
}

type datadirTemplateEntry struct {
	once sync.Once
	dir  string // the template's own directory (holding data/)
	err  error
}

// datadirTemplate returns the template data directory for bin, making it
// the first time.
func datadirTemplate(ctx context.Context, bin serverBinary) (string, error) {
	templates.Lock()
	if templates.byBinary == nil {
		templates.byBinary = map[string]*datadirTemplateEntry{}
	}
	e := templates.byBinary[bin.path]
	if e == nil {
		e = &datadirTemplateEntry{}
		templates.byBinary[bin.path] = e
	}
	templates.Unlock()
	e.once.Do(func() {
		e.dir, e.err = makeDatadirTemplate(ctx, bin)
	})
	if e.err != nil {
		return "", e.err
	}
	return filepath.Join(e.dir, "data"), nil
}

// makeDatadirTemplate initialises a data directory, starts a server on it
// without networking, loads the time-zone tables, and shuts it down.
func makeDatadirTemplate(ctx context.Context, bin serverBinary) (string, error) {
	dir, err := newServerDir()
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		_ = os.RemoveAll(dir)
		return "", err
	}
	datadir, socket := filepath.Join(dir, "data"), filepath.Join(dir, "mysqld.sock")
	if err := os.Mkdir(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return fail(fmt.Errorf("mysqltest: %w", err))
	}
	userFlag := rootUserFlag(nil)
	if err := initDatadir(ctx, bin, datadir, dir, userFlag, nil); err != nil {
		return fail(err)
	}
	args := append(append([]string{"--no-defaults"}, userFlag...),
		"--datadir="+datadir, "--socket="+socket, "--skip-networking",
		"--pid-file="+filepath.Join(dir, "mysqld.pid"), "--log-error="+filepath.Join(dir, "error.log"),
		"--tmpdir="+filepath.Join(dir, "tmp"))
	if !bin.mariadb {
		args = append(args, "--mysqlx=OFF")
	}
	p := &processRunner{path: bin.path, args: args, dir: dir}
	if err := p.launchAndWait(ctx, socket, ""); err != nil {
		return fail(err)
	}
	defer p.remove(context.Background())
	tz, err := localTimeZoneSQL(bin.mariadb)
	if err != nil {
		return fail(err)
	}
	db, err := socketDB(socket, "")
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "USE mysql;\n"+tz); err != nil {
		return fail(fmt.Errorf("mysqltest: loading the time-zone tables: %w", err))
	}
	if err := p.stop(ctx); err != nil {
		return fail(err)
	}
	return dir, nil
}

// copyDatadir copies a template data directory. A MySQL copy leaves out
// auto.cnf (the server_uuid, which replication needs unique) and the
// generated certificates, which each server makes anew at start-up.
func copyDatadir(src, dst string, mariadb bool) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if !mariadb && (rel == "auto.cnf" || filepath.Dir(rel) == "." && strings.HasSuffix(rel, ".pem")) {
			return nil
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		return copyFileMode(path, target, info.Mode().Perm())
	})
	if err != nil {
		return fmt.Errorf("mysqltest: copying the template data directory: %w", err)
	}
	return nil
}

func copyFileMode(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeTemplates deletes the templates this test binary made.
func removeTemplates() {
	templates.Lock()
	defer templates.Unlock()
	for k, e := range templates.byBinary {
		if e.dir != "" {
			_ = os.RemoveAll(e.dir)
		}
		delete(templates.byBinary, k)
	}
}
