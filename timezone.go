// This file resolves time zones as Connector/J 8.0.23+ does: the
// connection zone C from connectionTimeZone (LOCAL, SERVER, a zone id or an
// offset, as java.time.ZoneId.of reads it), the session zone a server
// reports (its time_zone, SYSTEM meaning system_time_zone, canonicalised as
// Connector/J's TimeUtil does), and the value forceConnectionTimeZoneToSession
// sends in SET SESSION time_zone.

package jdbcmysql

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// zoneSetting is connectionTimeZone, resolved as far as the URL allows.
type zoneSetting struct {
	server bool           // SERVER: C is the session's zone, read at connect
	loc    *time.Location // C otherwise
	local  bool           // LOCAL (or unset): C is the process zone
}

// parseConnectionTimeZone reads connectionTimeZone: empty, blank or
// "LOCAL" (exactly, as Connector/J compares) is the process zone, "SERVER"
// the session's, anything else a zone id or offset as ZoneId.of reads it.
// It refuses what ZoneId.of refuses, such as " 05:00" (a '+' decoded to a
// space) or "local".
func parseConnectionTimeZone(v string) (zoneSetting, error) {
	switch {
	case strings.TrimSpace(v) == "" || v == "LOCAL":
		return zoneSetting{loc: time.Local, local: true}, nil
	case v == "SERVER":
		return zoneSetting{server: true}, nil
	}
	loc, err := javaZoneID(v)
	if err != nil {
		return zoneSetting{}, &PropertyError{Property: "connectionTimeZone", Value: v, Err: ErrInvalidProperty,
			Msg: fmt.Sprintf("jdbcmysql: connectionTimeZone %q is not a time zone: %v (a '+' in a URL decodes to a space: write %%2B05:00 for +05:00)", v, err)}
	}
	return zoneSetting{loc: loc}, nil
}

// javaZoneID reads a zone as java.time.ZoneId.of does: "Z", an offset
// (+h, +hh, +hh:mm, +hhmm, +hh:mm:ss, +hhmmss), "UTC", "GMT" or "UT" alone
// or followed by an offset, or a region id of the tz database.
func javaZoneID(v string) (*time.Location, error) {
	if v == "Z" {
		return time.UTC, nil
	}
	if v != "" && (v[0] == '+' || v[0] == '-') {
		return parseJavaOffset(v)
	}
	for _, prefix := range []string{"UTC", "GMT", "UT"} {
		if rest, ok := strings.CutPrefix(v, prefix); ok {
			if rest == "" {
				return time.UTC, nil
			}
			if rest[0] == '+' || rest[0] == '-' {
				return parseJavaOffset(rest)
			}
		}
	}
	if !isRegionID(v) || v == "Local" {
		return nil, errors.New("not a zone offset or region id")
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		return nil, fmt.Errorf("unknown time-zone id %q", v)
	}
	return loc, nil
}

// isRegionID reports whether v has the form of a java.time region id.
func isRegionID(v string) bool {
	if len(v) < 2 || !isASCIILetter(v[0]) || strings.Contains(v, "..") {
		return false
	}
	for i := 1; i < len(v); i++ {
		c := v[i]
		if !isASCIILetter(c) && (c < '0' || c > '9') && !strings.ContainsRune("~/._+-", rune(c)) {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// parseJavaOffset reads a ZoneOffset id: +h, +hh, +hh:mm, +hhmm,
// +hh:mm:ss or +hhmmss, at most 18 hours.
func parseJavaOffset(v string) (*time.Location, error) {
	bad := fmt.Errorf("invalid offset %q", v)
	if len(v) < 2 {
		return nil, bad
	}
	sign, digits := 1, v[1:]
	if v[0] == '-' {
		sign = -1
	}
	var h, m, s int
	num := func(d string) (int, bool) {
		n, err := strconv.Atoi(d)
		return n, err == nil && len(d) == 2
	}
	ok := true
	switch len(digits) {
	case 1:
		h, ok = int(digits[0]-'0'), digits[0] >= '0' && digits[0] <= '9'
	case 2:
		h, ok = num(digits)
	case 4:
		var ok2 bool
		h, ok = num(digits[:2])
		m, ok2 = num(digits[2:])
		ok = ok && ok2
	case 5:
		var ok2 bool
		h, ok = num(digits[:2])
		m, ok2 = num(digits[3:])
		ok = ok && ok2 && digits[2] == ':'
	case 6:
		var ok2, ok3 bool
		h, ok = num(digits[:2])
		m, ok2 = num(digits[2:4])
		s, ok3 = num(digits[4:])
		ok = ok && ok2 && ok3
	case 8:
		var ok2, ok3 bool
		h, ok = num(digits[:2])
		m, ok2 = num(digits[3:5])
		s, ok3 = num(digits[6:])
		ok = ok && ok2 && ok3 && digits[2] == ':' && digits[5] == ':'
	default:
		ok = false
	}
	if !ok || m > 59 || s > 59 || h > 18 || h == 18 && (m > 0 || s > 0) {
		return nil, bad
	}
	secs := sign * (h*3600 + m*60 + s)
	return time.FixedZone(formatOffset(secs), secs), nil
}

// formatOffset writes an offset as Connector/J sends it: +hh:mm, with
// :ss when the offset has seconds; zero is +00:00.
func formatOffset(secs int) string {
	sign := byte('+')
	if secs < 0 {
		sign, secs = '-', -secs
	}
	b := []byte{sign, byte('0' + secs/36000), byte('0' + secs/3600%10), ':', byte('0' + secs/600%6), byte('0' + secs/60%10)}
	if s := secs % 60; s != 0 {
		b = append(b, ':', byte('0'+s/10), byte('0'+s%10))
	}
	return string(b)
}

// isFixedZone reports whether loc has one offset for all time, as
// ZoneId.normalized() turns into a ZoneOffset.
func isFixedZone(loc *time.Location) bool {
	start, end := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).In(loc).ZoneBounds()
	return start.IsZero() && end.IsZero()
}

// sessionTimeZoneValue is the time_zone forceConnectionTimeZoneToSession
// sends for C: +hh:mm for a fixed offset (UTC is +00:00), else the zone id
// (for LOCAL, the process zone's id).
func sessionTimeZoneValue(z zoneSetting) (string, error) {
	if isFixedZone(z.loc) {
		_, off := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).In(z.loc).Zone()
		return formatOffset(off), nil
	}
	if !z.local {
		return z.loc.String(), nil
	}
	name := localZoneName()
	if name == "" {
		return "", &PropertyError{Property: "forceConnectionTimeZoneToSession", Value: "true", Err: ErrInvalidProperty,
			Msg: "jdbcmysql: forceConnectionTimeZoneToSession: the process time zone has no name jdbcmysql can find (TZ is unset and /etc/localtime names none); set connectionTimeZone to a zone id"}
	}
	return name, nil
}

// localZoneName is the tz database name of the process zone, as the JVM
// finds it: TZ, else the target of /etc/localtime; "" when neither names one.
func localZoneName() string {
	if tz, ok := os.LookupEnv("TZ"); ok {
		tz = strings.TrimPrefix(tz, ":")
		if tz == "" {
			return "UTC"
		}
		if !filepath.IsAbs(tz) {
			return tz
		}
		return zoneNameFromPath(tz)
	}
	target, err := filepath.EvalSymlinks("/etc/localtime")
	if err != nil {
		return ""
	}
	return zoneNameFromPath(target)
}

func zoneNameFromPath(p string) string {
	if _, name, ok := strings.Cut(filepath.ToSlash(p), "/zoneinfo/"); ok {
		return name
	}
	return ""
}

// serverSessionZone is C for connectionTimeZone=SERVER: the session's
// time_zone after sessionVariables, SYSTEM meaning system_time_zone, read
// as Connector/J's TimeUtil.getCanonicalTimeZone does: an offset, an id of
// its mapping table, or a Java time-zone id. It refuses what Connector/J
// refuses ("CEST", "MSK", Windows names it has no mapping for here).
func serverSessionZone(timeZone, systemTimeZone string) (*time.Location, error) {
	v := strings.TrimSpace(timeZone)
	if strings.EqualFold(v, "SYSTEM") {
		v = strings.TrimSpace(systemTimeZone)
	}
	if len(v) > 2 && (v[0] == '+' || v[0] == '-') && v[1] >= '0' && v[1] <= '9' {
		if loc, err := parseJavaOffset(v); err == nil {
			return loc, nil
		}
	}
	name := v
	if mapped, ok := javaZoneMapping[v]; ok {
		name = mapped
	}
	if fixed, ok := javaFixedLegacyZones[name]; ok {
		return time.FixedZone(name, fixed), nil
	}
	if isRegionID(name) && name != "Local" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc, nil
		}
	}
	return nil, fmt.Errorf("jdbcmysql: the server time zone value '%s' is unrecognized or represents more than one time zone (as in Connector/J); set connectionTimeZone to a zone id to use time zone support: %w", v, ErrUnsupported)
}

// javaZoneMapping holds the names Connector/J's TimeZoneMapping.properties
// and Java's legacy three-letter ids give a zone that the tz database does
// not have under that name.
var javaZoneMapping = map[string]string{
	// IANA abbreviations in Connector/J's mapping.
	"AWST": "Australia/Perth", "BST": "Europe/London", "CAT": "Africa/Maputo", "ChST": "Pacific/Guam",
	"HDT": "America/Adak", "HKT": "Asia/Hong_Kong", "IDT": "Asia/Jerusalem", "JST": "Asia/Tokyo",
	"NDT": "America/St_Johns", "NST": "America/St_Johns", "NZDT": "Pacific/Auckland", "NZST": "Pacific/Auckland",
	"PKT": "Asia/Karachi", "SAST": "Africa/Johannesburg", "SST": "Pacific/Pago_Pago", "WAST": "Africa/Windhoek",
	"WIT": "Asia/Jayapura", "WITA": "Asia/Makassar",
	"UTC": "Etc/GMT", "Coordinated Universal Time": "Etc/UTC",
	// Java's legacy ids (java.util.TimeZone), which Connector/J accepts too.
	"ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo", "CNT": "America/St_Johns",
	"CST": "America/Chicago", "CTT": "Asia/Shanghai", "EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris",
	"IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
	"PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico", "PST": "America/Los_Angeles",
	"VST": "Asia/Ho_Chi_Minh",
}

// javaFixedLegacyZones are Java's legacy ids with a fixed offset.
var javaFixedLegacyZones = map[string]int{"EST": -5 * 3600, "MST": -7 * 3600, "HST": -10 * 3600}
