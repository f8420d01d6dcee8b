// Package secret holds the cryptography that protects residents' personal
// data: key management, field encryption for ID numbers and phone numbers,
// keyed hashes for exact lookup of encrypted fields, password hashing,
// random tokens and masking for display.
//
// The package knows nothing about SQL or HTTP so that the rules here can be
// reviewed, tested and audited on their own.
//
// A typical column pair for an encrypted, searchable field is
//
//	phone_enc    = keys.Seal(phone, "users.phone")
//	phone_lookup = keys.Lookup("phone", phone)
//
// where phone has already been normalised by the caller: the lookup hash only
// matches byte-identical input.
package secret
