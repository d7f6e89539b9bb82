package tbank

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
)

// TestTokenGolden checks every golden vector of T-Bank's Token rule. "OAS"
// in the names is T-Bank's OpenAPI document «Прием платежей»
// (https://www.tbank.ru/kassa/dev/payments/index.html). Sources: T1 its section
// «Токен»; T2 https://developer.tbank.ru/eacq/intro/developer/token; T3-T5
// its /v2/Init (Init_FULL), /v2/CheckOrder and /v2/Confirm examples, whose
// tokens the public test terminal's password TinkoffBankTest reproduces; T6
// the notification of «Уведомления об операциях», «Проверка токенов»; T7
// the base string of https://developer.tbank.ru/eacq/intro/developer/notification/
// (hash computed); T8 T-Bank's old sample notification (its PDF protocol
// «ПРОТОКОЛ EACQ. Мультирасчеты», section 4.2) as
// github.com/ai-iskuzhin/TBankAcquiringNet TBankPaymentNotificationTests.cs
// verifies it; T9 and T10 that project's TBankTokenTests.cs; T11
// nikita-vanyasin/tinkoff notification_test.go; T12 and T13
// computed with the rule (not published); the fixtures computed with the
// rule for a fake terminal 1700000000000DEMO (not published).
func TestTokenGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, password, wantBase, want string
	}{
		{"T1 OAS «Токен» Init, DATA and Receipt ignored",
			`{"TerminalKey":"MerchantTerminalKey","Amount":19200,"OrderId":"21090","Description":"Подарочная карта на 1000 рублей","DATA":{"Phone":"+71234567890"},"Receipt":{"Email":"a@test.ru","Items":[{"Name":"x"}]}}`,
			"usaf8fw8fsw21g", "19200Подарочная карта на 1000 рублей21090usaf8fw8fsw21gMerchantTerminalKey",
			"0024a00af7c350a3a67ca168ce06502aa72772456662e38696d48b56ee9c97d9"},
		{"T2 developer.tbank.ru token page",
			`{"TerminalKey":"MerchantTerminalKey","Amount":19200,"OrderId":"00000","Description":"Подарочная карта на 1000 рублей"}`,
			"11111111111111", "19200Подарочная карта на 1000 рублей0000011111111111111MerchantTerminalKey",
			"72dd466f8ace0a37a1f740ce5fb78101712bc0665d91a8108c7c8a0ccd426db2"},
		{"T3 OAS /v2/Init example",
			`{"TerminalKey":"TinkoffBankTest","Amount":140000,"OrderId":"21090","Description":"Подарочная карта на 1000 рублей"}`,
			"TinkoffBankTest", "140000Подарочная карта на 1000 рублей21090TinkoffBankTestTinkoffBankTest",
			"68711168852240a2f34b6a8b19d2cfbd296c7d2a6dff8b23eda6278985959346"},
		{"T4 OAS /v2/CheckOrder example",
			`{"TerminalKey":"TinkoffBankTest","OrderId":"21057"}`,
			"TinkoffBankTest", "21057TinkoffBankTestTinkoffBankTest",
			"4c4c36adf9936b011879fa26f60759e7b47e57f7968283129b0ae9ac457486ab"},
		{"T5 OAS /v2/Confirm and /v2/Cancel example, Password before PaymentId",
			`{"TerminalKey":"TinkoffBankTest","PaymentId":"2304882"}`,
			"TinkoffBankTest", "TinkoffBankTest2304882TinkoffBankTest",
			"c0ad1dfc4e94ed44715c5ed0e84f8ec439695b9ac219a7a19555a075a3c3ed24"},
		{"T6 OAS «Проверка токенов» notification, numbers and a boolean",
			`{"TerminalKey":"1321054611234DEMO","OrderId":"201709","Success":true,"Status":"AUTHORIZED","PaymentId":8742591,"ErrorCode":"0","Amount":9855,"RebillId":101709,"CardId":322264,"Pan":"430000******0777","ExpDate":"1122"}`,
			"Dfsfh56dgKl", "985532226401122201709430000******0777Dfsfh56dgKl8742591101709AUTHORIZEDtrue1321054611234DEMO",
			"b906d28e76c6428e37b25fcf86c0adc52c63d503013fdd632e300593d165766b"},
		{"T7 developer.tbank.ru notification page (body rebuilt from its base string)",
			`{"TerminalKey":"1234567890DEMO","OrderId":"000000","Success":true,"Status":"AUTHORIZED","PaymentId":"0000000000000","ErrorCode":"0","Amount":1111,"CardId":"000000","Pan":"200000******0000","ExpDate":"1111"}`,
			"11111111111", "111100000001111000000200000******0000111111111110000000000000AUTHORIZEDtrue1234567890DEMO",
			"1c0964277d0213349243065a0d5b838b8e90d2d25f740d0f2767836e710e80c8"},
		{"T8 old sample notification (MS18 section 4.2), CONFIRMED",
			`{"TerminalKey":"1510572937960","OrderId":"test2","Success":true,"Status":"CONFIRMED","PaymentId":2006896,"ErrorCode":"0","Amount":102120,"CardId":867911,"Pan":"430000**0777","ExpDate":"1122"}`,
			"Dfsfh56dgKl", "10212086791101122test2430000**0777Dfsfh56dgKl2006896CONFIRMEDtrue1510572937960",
			"51ac0bbcfa933b7807da8e14f527a74f4b6004b549b5efe899cd6ae5fb2639f1"},
		{"T9 GetState",
			`{"TerminalKey":"TestB","PaymentId":"20150"}`,
			"Dfsfh56dgKl", "Dfsfh56dgKl20150TestB",
			"03acc0a77d6e870f402a1038c1ca5d8b4a985fe76f08016a869f10f2382bd7a9"},
		{"T10 GetQr with DataType",
			`{"TerminalKey":"TestB","PaymentId":"20150","DataType":"IMAGE"}`,
			"Dfsfh56dgKl", "IMAGEDfsfh56dgKl20150TestB",
			"a65eecdd9fc78ae498777ce3a89462c5f5cdb996511aa3076f0e9e1c42d8b5d9"},
		{"T11 DEMO notification with UUID OrderId and numeric ids",
			`{"TerminalKey":"1726675329428DEMO","OrderId":"9863471b-8d42-4617-9073-11339159aba9","Success":true,"Status":"AUTHORIZED","PaymentId":5974256058,"ErrorCode":"0","Amount":19900,"CardId":475738102,"Pan":"430000******0777","ExpDate":"1230","RebillId":1741204285536}`,
			"xxxxxxxxxxxxxxxx", "19900475738102012309863471b-8d42-4617-9073-11339159aba9430000******0777xxxxxxxxxxxxxxxx59742560581741204285536AUTHORIZEDtrue1726675329428DEMO",
			"16cfc8cd6e8f8fc1d404e3f9984c8058ecdf6eab622a9cc73c2e3824e47124ac"},
		{"T12 request boolean (SbpPayTest IsDeadlineExpired)",
			`{"TerminalKey":"TinkoffBankTest","PaymentId":"13660","IsDeadlineExpired":true}`,
			"TinkoffBankTest", "trueTinkoffBankTest13660TinkoffBankTest",
			"36228966a3052e695ad0488973e8ec81fdf123f30287c2b02f21e515b9c40b4d"},
		{"T13 ordinal sort: IP before InfoEmail, deviceChannel last",
			`{"CardData":"X","IP":"2011:0db8:85a3:0101:0101:8a2e:0370:7334","InfoEmail":"qwerty@test.com","PaymentId":"700001702044","SendEmail":true,"TerminalKey":"TinkoffBankTest","deviceChannel":"02"}`,
			"TinkoffBankTest", "X2011:0db8:85a3:0101:0101:8a2e:0370:7334qwerty@test.comTinkoffBankTest700001702044trueTinkoffBankTest02",
			"50eb98425d8191fe4ee6d368bc18f08039d748685c8b2addda1694350f6e0989"},
		{"fixture Init",
			`{"TerminalKey":"1700000000000DEMO","Amount":100000,"OrderId":"order-42","Description":"Заказ 42","PayType":"O","NotificationURL":"https://shop.example/tbank/notify","SuccessURL":"https://shop.example/ok","FailURL":"https://shop.example/fail","DATA":{"OperationInitiatorType":"0"},"Receipt":{"Email":"buyer@example.com","Taxation":"usn_income","Items":[]}}`,
			"Golden_tbank_pw1", "100000Заказ 42https://shop.example/failhttps://shop.example/tbank/notifyorder-42Golden_tbank_pw1Ohttps://shop.example/ok1700000000000DEMO",
			"ffcc017b1b8f99df16f3642dbaa10c969a34708057632afc9aa35ad1f1fefbe2"},
		{"fixture GetState", `{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551234"}`,
			"Golden_tbank_pw1", "Golden_tbank_pw170035512341700000000000DEMO",
			"7bb2256df69c2f7b1a760314c9baef3965cc7ffda336a77ced9f013b9cf4b08b"},
		{"fixture CheckOrder", `{"TerminalKey":"1700000000000DEMO","OrderId":"order-42"}`,
			"Golden_tbank_pw1", "order-42Golden_tbank_pw11700000000000DEMO",
			"48708f9ac5fef288313f5e2e119c559331a6dbf66bf63879d07b76bbee46bf60"},
		{"fixture Confirm", `{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551234","Amount":90000}`,
			"Golden_tbank_pw1", "90000Golden_tbank_pw170035512341700000000000DEMO",
			"202f491de83738266ac4035b15a51714cc03442a6b8a90d1fc2dd7be01c6f44d"},
		{"fixture Cancel, Receipt ignored", `{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551234","Amount":40000,"ExternalRequestId":"refund-42-1","Receipt":{"Items":[]}}`,
			"Golden_tbank_pw1", "40000refund-42-1Golden_tbank_pw170035512341700000000000DEMO",
			"c867b69906e5db58d307eaf246dc5f4af485ec7e1682f79c1106526a29f24bd1"},
		{"fixture Charge", `{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551299","RebillId":"1741204285536"}`,
			"Golden_tbank_pw1", "Golden_tbank_pw1700355129917412042855361700000000000DEMO",
			"3d1b3125acf71abec3eaa11ddb04fb7f2ac2742d96c374ce95993d78782db84e"},
		{"fixture notification CONFIRMED", fixtureConfirmed, "Golden_tbank_pw1",
			"10000041234567801230order-42220138******0013Golden_tbank_pw17003551234CONFIRMEDtrue1700000000000DEMO",
			"f879e5eb05db4e981e10644f93a7491bcf272cfb4f99b95419b5748df238b627"},
		{"fixture notification REJECTED, Data object ignored", fixtureRejected, "Golden_tbank_pw1",
			"10000010511230order-42220138******0831Golden_tbank_pw17003551234REJECTEDfalse1700000000000DEMO",
			"eeb759d46cb599a5fa33723583557b4ee0c22dc1de5165522f78befe9c502800"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fields, err := parseObject([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			base, err := tokenBase(fields, tt.password)
			if err != nil {
				t.Fatal(err)
			}
			if base != tt.wantBase {
				t.Errorf("base = %q, want %q", base, tt.wantBase)
			}
			got, err := Token(fields, tt.password)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Token = %s, want %s", got, tt.want)
			}
			if !tokenEqual(tt.want, got) {
				t.Error("tokenEqual(want, got) = false")
			}
		})
	}
}

// TestTokenCaseSensitiveSort: T13 under a case-insensitive sort hashes to
// another value, which the ordinal rule must not produce.
func TestTokenCaseSensitiveSort(t *testing.T) {
	t.Parallel()
	fields, err := parseObject([]byte(`{"CardData":"X","IP":"2011:0db8:85a3:0101:0101:8a2e:0370:7334","InfoEmail":"qwerty@test.com","PaymentId":"700001702044","SendEmail":true,"TerminalKey":"TinkoffBankTest","deviceChannel":"02"}`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Token(fields, "TinkoffBankTest")
	if got == "8bc07044364b4b3135734229d3eb417e0c0c18bddf6cd506d48fcb3d9836c042" {
		t.Fatal("Token sorted keys case-insensitively")
	}
}

func TestTokenEqual(t *testing.T) {
	t.Parallel()
	sum := sha256.Sum256([]byte("x"))
	h := hex.EncodeToString(sum[:])
	tests := []struct {
		name, got string
		want      bool
	}{
		{"same", h, true},
		{"upper case hex", stringsToUpper(h), true},
		{"empty", "", false},
		{"short", h[:62], false},
		{"not hex", "zz" + h[2:], false},
		{"other", hex.EncodeToString(make([]byte, 32)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tokenEqual(tt.got, h); got != tt.want {
				t.Errorf("tokenEqual = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseObjectRefuses(t *testing.T) {
	t.Parallel()
	for _, body := range []string{``, `[]`, `"x"`, `{"a":1,"a":2}`, `{"a":1} {}`, `{"a":}`, `{"a":1`} {
		if _, err := parseObject([]byte(body)); err == nil {
			t.Errorf("parseObject(%q) = nil error", body)
		}
	}
	m, err := parseObject([]byte(`{"DATA":"x","Data":{"a":1}}`))
	if err != nil || len(m) != 2 {
		t.Errorf("DATA and Data are distinct keys: %v %v", m, err)
	}
	if _, err := Token(map[string]json.RawMessage{"A": json.RawMessage(`tru`)}, "p"); err == nil {
		t.Error("Token accepted a malformed value")
	}
}

func stringsToUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

const fixtureConfirmed = `{"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Success":true,"Status":"CONFIRMED","PaymentId":7003551234,"ErrorCode":"0","Amount":100000,"CardId":412345678,"Pan":"220138******0013","ExpDate":"1230","Token":"f879e5eb05db4e981e10644f93a7491bcf272cfb4f99b95419b5748df238b627"}`

const fixtureRejected = `{"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Success":false,"Status":"REJECTED","PaymentId":7003551234,"ErrorCode":"1051","Amount":100000,"Pan":"220138******0831","ExpDate":"1230","Data":{"Source":"cards"},"Token":"eeb759d46cb599a5fa33723583557b4ee0c22dc1de5165522f78befe9c502800"}`
