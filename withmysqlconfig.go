// This file is the go-sql-driver escape hatch: WithMySQLConfig and
// WithBeforeConnect change each host's mysql.Config after the Connector/J
// mapping, and every change that would weaken TLS or authentication is
// refused.

package jdbcmysql

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// ErrUnsafeMySQLConfig: a WithMySQLConfig or WithBeforeConnect function
// changed a go-sql-driver setting that jdbcmysql owns for security (TLS,
// plaintext fallback, cleartext or old passwords, local files, the network).
var ErrUnsafeMySQLConfig = errors.New("jdbcmysql: go-sql-driver setting refused")

// MySQLConfigError names the go-sql-driver field a WithMySQLConfig or
// WithBeforeConnect function may not change, and why.
type MySQLConfigError struct {
	Field string // mysql.Config field, e.g. "TLS" or "AllowFallbackToPlaintext"
	Host  string // host as written in the URL
	Msg   string
}

func (e *MySQLConfigError) Error() string { return e.Msg }
func (e *MySQLConfigError) Unwrap() error { return ErrUnsafeMySQLConfig }

// WithMySQLConfig changes go-sql-driver settings that no Connector/J
// property reaches (InterpolateParams, RejectReadOnly, CheckConnLiveness,
// Loc, ParseTime, DialFunc, Logger, ...). f runs once per host, when the
// Connector is made, on the mysql.Config the Connector/J mapping produced
// for that host; several WithMySQLConfig options run in order. This is
// outside Connector/J semantics: what f sets is go-sql-driver's behaviour,
// not Connector/J's, and it may change the data a Java service would see
// (Loc, ParseTime).
//
// Connector and FormatDSN refuse, with a *MySQLConfigError matching
// ErrUnsafeMySQLConfig, an f that sets TLS or TLSConfig (sslMode and the
// stores decide TLS), changes AllowFallbackToPlaintext or Net, sets
// AllowOldPasswords or AllowAllFiles, sets
// AllowCleartextPasswords while sslMode lets the connection be plaintext
// (DISABLED, PREFERRED), or sets a BeforeConnect (use WithBeforeConnect,
// whose changes are checked at each connection). A DialFunc is kept and
// wrapped so that jdbcmysql still sees the connection's I/O; a Logger
// receives go-sql-driver's lines in place of WithLogger's. FormatDSN
// refuses a DialFunc or Logger, which a DSN cannot carry.
func WithMySQLConfig(f func(*mysql.Config)) Option {
	return func(o *options) {
		if f != nil {
			o.mysqlConfig = append(o.mysqlConfig, f)
		}
	}
}

// WithBeforeConnect runs f before each connection attempt, with the
// attempt's mysql.Config (a copy; TLS not yet set), for settings that
// change over time such as a rotated password or token (set Passwd). An
// error from f fails the attempt. The changes f makes are checked as
// WithMySQLConfig's are; a refused change fails the attempt with a
// *MySQLConfigError. FormatDSN refuses this option.
func WithBeforeConnect(f func(ctx context.Context, cfg *mysql.Config) error) Option {
	return func(o *options) { o.beforeConnect = f }
}

// applyMySQLConfig runs the WithMySQLConfig functions on p's go-sql-driver
// Config and checks the result.
func applyMySQLConfig(p *hostPlan, o *options) error {
	if len(o.mysqlConfig) == 0 {
		return nil
	}
	m := p.mysql
	before := m.Clone()
	m.Logger = nil // set again only if a function sets it
	for _, f := range o.mysqlConfig {
		f(m)
	}
	if beforeConnectSet(m) {
		return &MySQLConfigError{Field: "BeforeConnect", Host: p.host(),
			Msg: fmt.Sprintf("jdbcmysql: WithMySQLConfig for host %s sets a BeforeConnect, which could change TLS at each connection unchecked; use WithBeforeConnect", p.host())}
	}
	return checkMySQLConfig(before, m, p.cfg.SSLMode, p.host(), "WithMySQLConfig")
}

// beforeConnectSet reports whether m carries a go-sql-driver BeforeConnect
// function (an unexported field; reading whether it is nil is all that is
// done with it).
func beforeConnectSet(m *mysql.Config) bool {
	f := reflect.ValueOf(m).Elem().FieldByName("beforeConnect")
	return f.IsValid() && f.Kind() == reflect.Func && !f.IsNil()
}

// checkMySQLConfig refuses the changes from before to after that would
// weaken the connection's security under mode; who names the option.
func checkMySQLConfig(before, after *mysql.Config, mode SSLMode, host, who string) error {
	refuse := func(field, why string) error {
		return &MySQLConfigError{Field: field, Host: host,
			Msg: fmt.Sprintf("jdbcmysql: %s for host %s may not change %s: %s", who, host, field, why)}
	}
	switch {
	case after.TLS != nil || after.TLSConfig != before.TLSConfig:
		return refuse("TLS", "sslMode and the key and trust stores decide TLS (a TLS config name from mysql.RegisterTLSConfig would bypass the server's verification)")
	case after.AllowFallbackToPlaintext != before.AllowFallbackToPlaintext:
		return refuse("AllowFallbackToPlaintext", "sslMode decides it (only PREFERRED falls back, per connection)")
	case after.Net != before.Net:
		return refuse("Net", "the network is jdbcmysql's dialer, which sees the handshake; set DialFunc to dial another way")
	case after.AllowOldPasswords && !before.AllowOldPasswords:
		return refuse("AllowOldPasswords", "mysql_old_password is broken and Connector/J never uses it")
	case after.AllowAllFiles && !before.AllowAllFiles:
		return refuse("AllowAllFiles", "it lets the server read any local file (Connector/J's allowLoadLocalInfile is off); register files with mysql.RegisterLocalFile")
	case after.AllowCleartextPasswords && !before.AllowCleartextPasswords && (mode == SSLModeDisabled || mode == SSLModePreferred):
		return refuse("AllowCleartextPasswords", fmt.Sprintf("sslMode=%s may send the password over plaintext; use sslMode=REQUIRED or stricter", mode))
	}
	return nil
}

// attemptMySQLConfig is the go-sql-driver Config of one connection attempt
// on p: a copy of the plan's, after WithBeforeConnect, with a DialFunc set
// by WithMySQLConfig wrapped to record the connection's I/O. logger is the
// Logger a WithMySQLConfig function set, nil for none.
func (c *Connector) attemptMySQLConfig(ctx context.Context, p hostPlan) (mc *mysql.Config, logger mysql.Logger, err error) {
	mc = p.mysql.Clone()
	if len(c.opts.mysqlConfig) > 0 {
		logger = mc.Logger
	}
	if f := c.opts.beforeConnect; f != nil {
		mc.Logger = nil // set again only if f sets it
		before := mc.Clone()
		if err := f(ctx, mc); err != nil {
			return nil, nil, fmt.Errorf("jdbcmysql: WithBeforeConnect for host %s: %w", p.host(), err)
		}
		if beforeConnectSet(mc) && !beforeConnectSet(before) {
			return nil, nil, &MySQLConfigError{Field: "BeforeConnect", Host: p.host(),
				Msg: fmt.Sprintf("jdbcmysql: WithBeforeConnect for host %s may not set a go-sql-driver BeforeConnect", p.host())}
		}
		if err := checkMySQLConfig(before, mc, p.cfg.SSLMode, p.host(), "WithBeforeConnect"); err != nil {
			return nil, nil, err
		}
		if mc.Logger != nil {
			logger = mc.Logger
		}
	}
	if dial := mc.DialFunc; dial != nil {
		mc.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dial(ctx, network, addr)
			if err != nil || conn == nil {
				if err == nil {
					err = fmt.Errorf("jdbcmysql: the DialFunc for %s returned no connection", addr)
				}
				return nil, err
			}
			return recordConn(ctx, conn, policyOf(network)), nil
		}
	}
	return mc, logger, nil
}

// refuseDSNOnly reports the options FormatDSN cannot honour: a DSN carries
// no function.
func refuseDSNOnly(p hostPlan, o *options) error {
	var what []string
	if o.beforeConnect != nil {
		what = append(what, "WithBeforeConnect")
	}
	if p.mysql.DialFunc != nil {
		what = append(what, "a DialFunc")
	}
	if len(o.mysqlConfig) > 0 && p.mysql.Logger != nil {
		what = append(what, "a Logger")
	}
	if len(what) == 0 {
		return nil
	}
	return fmt.Errorf("jdbcmysql: a go-sql-driver DSN cannot carry %s; use Connector: %w", strings.Join(what, " or "), ErrUnsupported)
}
