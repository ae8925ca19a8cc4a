package he

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/tuneinsight/lattigo/v6/core/rlwe"
	"github.com/tuneinsight/lattigo/v6/ring"
)

// Serialized objects are framed as
//
//	magic "LKHE" | format version (1 byte) | kind (1 byte) |
//	parameter-set id (1 byte) | payload length (uint32, big endian) | payload
//
// where payload is Lattigo's MarshalBinary output. Deserialization is strict:
// the frame must be exact (no trailing bytes), and the payload must have the
// exact shape of the parameter set (ring degree, level, degree, metadata) and
// every coefficient must be reduced modulo q. The shape is checked byte for
// byte against a template before Lattigo parses the payload, so a forged
// length field can never make Lattigo allocate attacker-chosen sizes.

// Kind identifies the type of a serialized object.
type Kind byte

const (
	KindSecretKey  Kind = 1
	KindPublicKey  Kind = 2
	KindCiphertext Kind = 3
	// KindQuery is a slot-packed query (query.go), KindReply its encrypted
	// scores (reply.go). Their payloads are this package's own layouts.
	KindQuery Kind = 4
	KindReply Kind = 5
)

func (k Kind) String() string {
	switch k {
	case KindSecretKey:
		return "secret key"
	case KindPublicKey:
		return "public key"
	case KindCiphertext:
		return "ciphertext"
	case KindQuery:
		return "query"
	case KindReply:
		return "reply"
	}
	return fmt.Sprintf("kind %d", byte(k))
}

const (
	Magic         = "LKHE"
	FormatVersion = 1
	headerLen     = 4 + 1 + 1 + 1 + 4
)

// ErrMalformed is wrapped by every deserialization error.
var ErrMalformed = errors.New("he: malformed input")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

func frame(kind Kind, payload []byte) []byte {
	out, body := newFrame(kind, len(payload))
	copy(body, payload)
	return out
}

// newFrame allocates a frame for a payload of n bytes and returns it with
// its payload part, for writers that fill the payload in place.
func newFrame(kind Kind, n int) (out, payload []byte) {
	out = make([]byte, headerLen+n)
	copy(out, Magic)
	out[4] = FormatVersion
	out[5] = byte(kind)
	out[6] = ParamSetID
	binary.BigEndian.PutUint32(out[7:11], uint32(n))
	return out, out[headerLen:]
}

// template records the exact serialized shape of one kind of object: its
// payload length, which payload bytes are coefficients (mask), and the fixed
// bytes everywhere else.
type template struct {
	fixed []byte // payload with all coefficients zero
	coeff []bool // true where the byte belongs to a coefficient
}

// buildTemplates serializes each kind twice, once with all coefficients 0 and
// once with all coefficients 0x0101010101010101 (< q, every byte non-zero):
// the bytes that differ are exactly the coefficient bytes.
func buildTemplates(e *engine) (map[Kind]*template, error) {
	fill := func(polys []ring.Poly, v uint64) {
		for _, p := range polys {
			for _, c := range p.Coeffs {
				for i := range c {
					c[i] = v
				}
			}
		}
	}
	const marker = 0x0101010101010101
	if marker >= e.q {
		return nil, errors.New("template marker not below q")
	}
	build := func(polys []ring.Poly, marshal func() ([]byte, error)) (*template, error) {
		fill(polys, 0)
		zero, err := marshal()
		if err != nil {
			return nil, err
		}
		fill(polys, marker)
		full, err := marshal()
		if err != nil {
			return nil, err
		}
		if len(zero) != len(full) {
			return nil, errors.New("template size depends on the coefficients")
		}
		t := &template{fixed: zero, coeff: make([]bool, len(zero))}
		n := 0
		for i := range zero {
			if zero[i] != full[i] {
				t.coeff[i] = true
				n++
			}
		}
		if n%8 != 0 || n != 8*len(polys)*e.params.N() {
			return nil, fmt.Errorf("template: found %d coefficient bytes", n)
		}
		return t, nil
	}
	out := map[Kind]*template{}
	sk := rlwe.NewSecretKey(e.params)
	var err error
	if out[KindSecretKey], err = build([]ring.Poly{sk.Value.Q}, sk.MarshalBinary); err != nil {
		return nil, err
	}
	if sk.Value.P.Level() >= 0 {
		return nil, errors.New("unexpected P modulus in secret key")
	}
	pk := rlwe.NewPublicKey(e.params)
	if out[KindPublicKey], err = build([]ring.Poly{pk.Value[0].Q, pk.Value[1].Q}, pk.MarshalBinary); err != nil {
		return nil, err
	}
	ct := e.newCiphertext()
	if out[KindCiphertext], err = build([]ring.Poly{ct.Value[0], ct.Value[1]}, ct.MarshalBinary); err != nil {
		return nil, err
	}
	return out, nil
}

// unframe checks the frame and the payload shape and returns the payload.
func unframe(data []byte, want Kind) ([]byte, error) {
	rest, err := unframeHeader(data, want)
	if err != nil {
		return nil, err
	}
	t := getEngine().tmpl[want]
	if len(rest) != len(t.fixed) {
		return nil, malformed("%s: payload of %d bytes, the parameter set needs %d (wrong ring size, level or degree)", want, len(rest), len(t.fixed))
	}
	for i, b := range rest {
		if !t.coeff[i] && b != t.fixed[i] {
			return nil, malformed("%s: structure mismatch at payload byte %d (wrong ring size, level, degree or metadata)", want, i)
		}
	}
	return rest, nil
}

// unframeHeader checks the frame header and length and returns the payload.
func unframeHeader(data []byte, want Kind) ([]byte, error) {
	if len(data) < headerLen {
		return nil, malformed("%s: %d bytes is shorter than the %d-byte header", want, len(data), headerLen)
	}
	if string(data[:4]) != Magic {
		return nil, malformed("%s: bad magic", want)
	}
	if data[4] != FormatVersion {
		return nil, malformed("%s: unsupported format version %d (want %d)", want, data[4], FormatVersion)
	}
	if Kind(data[5]) != want {
		return nil, malformed("expected a %s, got a %s", want, Kind(data[5]))
	}
	if data[6] != ParamSetID {
		return nil, malformed("%s: parameter set %d, this engine uses %d", want, data[6], ParamSetID)
	}
	n := binary.BigEndian.Uint32(data[7:11])
	rest := data[headerLen:]
	switch {
	case uint64(len(rest)) < uint64(n):
		return nil, malformed("%s: truncated: payload length %d, only %d bytes present", want, n, len(rest))
	case uint64(len(rest)) > uint64(n):
		return nil, malformed("%s: %d trailing bytes after the payload", want, uint64(len(rest))-uint64(n))
	}
	return rest, nil
}

func checkReduced(polys []ring.Poly, q uint64, what string) error {
	for _, p := range polys {
		if len(p.Coeffs) != 1 || len(p.Coeffs[0]) != getEngine().params.N() {
			return malformed("%s: wrong polynomial shape", what)
		}
		for _, c := range p.Coeffs[0] {
			if c >= q {
				return malformed("%s: coefficient not reduced modulo q", what)
			}
		}
	}
	return nil
}

// unmarshalInto runs Lattigo's parser on an already shape-checked payload.
// A panic inside the parser is converted into an error.
func unmarshalInto(payload []byte, what Kind, fn func([]byte) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = malformed("%s: %v", what, r)
		}
	}()
	if err = fn(payload); err != nil {
		return malformed("%s: %v", what, err)
	}
	return nil
}

// MarshalBinary serializes the secret key. Handle the result as secret
// material (the app stores it only sealed).
func (k *SecretKey) MarshalBinary() ([]byte, error) {
	p, err := k.sk.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return frame(KindSecretKey, p), nil
}

func (k *PublicKey) MarshalBinary() ([]byte, error) {
	p, err := k.pk.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return frame(KindPublicKey, p), nil
}

func (c *Ciphertext) MarshalBinary() ([]byte, error) {
	p, err := c.ct.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return frame(KindCiphertext, p), nil
}

// UnmarshalSecretKey parses a framed secret key.
func UnmarshalSecretKey(data []byte) (*SecretKey, error) {
	payload, err := unframe(data, KindSecretKey)
	if err != nil {
		return nil, err
	}
	e := getEngine()
	sk := rlwe.NewSecretKey(e.params)
	if err := unmarshalInto(payload, KindSecretKey, sk.UnmarshalBinary); err != nil {
		return nil, err
	}
	if sk.Value.P.Level() >= 0 {
		return nil, malformed("secret key: unexpected P component")
	}
	if err := checkReduced([]ring.Poly{sk.Value.Q}, e.q, "secret key"); err != nil {
		return nil, err
	}
	return &SecretKey{sk}, nil
}

// UnmarshalPublicKey parses a framed public key.
func UnmarshalPublicKey(data []byte) (*PublicKey, error) {
	payload, err := unframe(data, KindPublicKey)
	if err != nil {
		return nil, err
	}
	e := getEngine()
	pk := rlwe.NewPublicKey(e.params)
	if err := unmarshalInto(payload, KindPublicKey, pk.UnmarshalBinary); err != nil {
		return nil, err
	}
	if len(pk.Value) != 2 || pk.Value[0].P.Level() >= 0 || pk.Value[1].P.Level() >= 0 {
		return nil, malformed("public key: wrong shape")
	}
	if err := checkReduced([]ring.Poly{pk.Value[0].Q, pk.Value[1].Q}, e.q, "public key"); err != nil {
		return nil, err
	}
	return &PublicKey{pk}, nil
}

// UnmarshalCiphertext parses a framed ciphertext (degree 1, level 0, NTT).
func UnmarshalCiphertext(data []byte) (*Ciphertext, error) {
	payload, err := unframe(data, KindCiphertext)
	if err != nil {
		return nil, err
	}
	e := getEngine()
	ct := e.newCiphertext()
	if err := unmarshalInto(payload, KindCiphertext, ct.UnmarshalBinary); err != nil {
		return nil, err
	}
	if ct.Degree() != 1 || ct.Level() != 0 || !ct.IsNTT || ct.IsBatched || ct.Scale.Uint64() != 1 {
		return nil, malformed("ciphertext: wrong degree, level or metadata")
	}
	if err := checkReduced(ct.Value, e.q, "ciphertext"); err != nil {
		return nil, err
	}
	return &Ciphertext{ct}, nil
}

// Unmarshal parses any framed object and returns it with its kind.
func Unmarshal(data []byte) (any, Kind, error) {
	if len(data) < headerLen {
		return nil, 0, malformed("%d bytes is shorter than the %d-byte header", len(data), headerLen)
	}
	k := Kind(data[5])
	var v any
	var err error
	switch k {
	case KindSecretKey:
		v, err = UnmarshalSecretKey(data)
	case KindPublicKey:
		v, err = UnmarshalPublicKey(data)
	case KindCiphertext:
		v, err = UnmarshalCiphertext(data)
	case KindQuery:
		v, err = UnmarshalQuery(data)
	case KindReply:
		v, err = UnmarshalReply(data)
	default:
		return nil, k, malformed("unknown object kind %d", byte(k))
	}
	return v, k, err
}
