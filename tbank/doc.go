// Package tbank is the T-Bank (formerly Tinkoff) Internet Acquiring
// provider, API v2 («Прием платежей»,
// https://www.tbank.ru/kassa/dev/payments/index.html and
// https://developer.tbank.ru/eacq/intro/developer/openapi).
//
// # Token
//
// Every request and notification is signed with a Token: SHA-256 over the
// root scalar values sorted by key, with the terminal Password added (see
// [Token]).
package tbank
