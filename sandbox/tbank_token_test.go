package sandbox

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTBankToken checks the sandbox's Token rule against published
// vectors: T-Bank's own examples (https://www.tbank.ru/kassa/dev/payments/index.html:
// section «Токен», /v2/Init Init_FULL, /v2/CheckOrder, /v2/Confirm, and the
// notification of «Уведомления об операциях», «Проверка токенов»), a
// third-party client's test (github.com/ai-iskuzhin/TBankAcquiringNet
// TBankTokenTests.cs), and the library's T-Bank fixture terminal.
func TestTBankToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, password, want string
	}{
		{"OAS token example, DATA and Receipt left out",
			`{"TerminalKey":"MerchantTerminalKey","Amount":19200,"OrderId":"21090","Description":"Подарочная карта на 1000 рублей","DATA":{"Phone":"+71234567890","Email":"a@test.com"},"Receipt":{"Email":"a@test.ru","Taxation":"osn","Items":[{"Name":"Наименование товара 1","Price":10000,"Quantity":1,"Amount":10000,"Tax":"vat10"}]}}`,
			"usaf8fw8fsw21g", "0024a00af7c350a3a67ca168ce06502aa72772456662e38696d48b56ee9c97d9"},
		{"OAS Init_FULL", `{"TerminalKey":"TinkoffBankTest","Amount":140000,"OrderId":"21090","Description":"Подарочная карта на 1000 рублей"}`,
			"TinkoffBankTest", "68711168852240a2f34b6a8b19d2cfbd296c7d2a6dff8b23eda6278985959346"},
		{"OAS CheckOrder", `{"TerminalKey":"TinkoffBankTest","OrderId":"21057"}`,
			"TinkoffBankTest", "4c4c36adf9936b011879fa26f60759e7b47e57f7968283129b0ae9ac457486ab"},
		{"OAS Confirm, Password sorts before PaymentId", `{"TerminalKey":"TinkoffBankTest","PaymentId":"2304882"}`,
			"TinkoffBankTest", "c0ad1dfc4e94ed44715c5ed0e84f8ec439695b9ac219a7a19555a075a3c3ed24"},
		{"OAS notification: numbers as sent, boolean true",
			`{"TerminalKey":"1321054611234DEMO","OrderId":"201709","Success":true,"Status":"AUTHORIZED","PaymentId":8742591,"ErrorCode":"0","Amount":9855,"RebillId":101709,"CardId":322264,"Pan":"430000******0777","ExpDate":"1122"}`,
			"Dfsfh56dgKl", "b906d28e76c6428e37b25fcf86c0adc52c63d503013fdd632e300593d165766b"},
		{"TBankAcquiringNet GetState", `{"TerminalKey":"TestB","PaymentId":"20150"}`,
			"Dfsfh56dgKl", "03acc0a77d6e870f402a1038c1ca5d8b4a985fe76f08016a869f10f2382bd7a9"},
		{"ordinal sort: deviceChannel after capitals, IP before InfoEmail",
			`{"CardData":"X","IP":"2011:0db8:85a3:0101:0101:8a2e:0370:7334","InfoEmail":"qwerty@test.com","PaymentId":"700001702044","SendEmail":true,"TerminalKey":"TinkoffBankTest","deviceChannel":"02"}`,
			"TinkoffBankTest", "50eb98425d8191fe4ee6d368bc18f08039d748685c8b2addda1694350f6e0989"},
		{"fixture Init", tbFixtureInit + "}", TBankPassword, "ffcc017b1b8f99df16f3642dbaa10c969a34708057632afc9aa35ad1f1fefbe2"},
		{"fixture Cancel, Receipt left out",
			`{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551234","Amount":40000,"ExternalRequestId":"refund-42-1","Receipt":{"Items":[]}}`,
			TBankPassword, "c867b69906e5db58d307eaf246dc5f4af485ec7e1682f79c1106526a29f24bd1"},
		{"fixture Charge", `{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551299","RebillId":"1741204285536"}`,
			TBankPassword, "3d1b3125acf71abec3eaa11ddb04fb7f2ac2742d96c374ce95993d78782db84e"},
		{"fixture REJECTED notification, Data object left out",
			`{"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Success":false,"Status":"REJECTED","PaymentId":7003551234,"ErrorCode":"1051","Amount":100000,"Pan":"220138******0831","ExpDate":"1230","Data":{"Source":"cards"}}`,
			TBankPassword, "eeb759d46cb599a5fa33723583557b4ee0c22dc1de5165522f78befe9c502800"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := parseTBRequest([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if got := tbToken(req.scalars, tt.password); got != tt.want {
				t.Errorf("Token = %s, want %s", got, tt.want)
			}
		})
	}
}

// tbFixtureInit is the library's Init fixture (fake terminal
// 1700000000000DEMO, the sandbox's default).
const tbFixtureInit = `{"TerminalKey":"1700000000000DEMO","Amount":100000,"OrderId":"order-42","Description":"Заказ 42",` +
	`"PayType":"O","NotificationURL":"https://shop.example/tbank/notify","SuccessURL":"https://shop.example/ok","FailURL":"https://shop.example/fail",` +
	`"DATA":{"OperationInitiatorType":"0"},` +
	`"Receipt":{"Email":"buyer@example.com","Taxation":"usn_income","Items":[{"Name":"Товар","Price":100000,` +
	`"Quantity":1,"Amount":100000,"Tax":"none","PaymentMethod":"full_payment","PaymentObject":"commodity"}]}`

// TestTBankWireGolden posts the fixture requests with their published
// Tokens to the sandbox (whose default terminal is the fixtures') and
// checks they are accepted.
func TestTBankWireGolden(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	body := tbFixtureInit + `,"Token":"ffcc017b1b8f99df16f3642dbaa10c969a34708057632afc9aa35ad1f1fefbe2"}`
	status, m := e.post("Init", body)
	want := map[string]any{"Success": true, "ErrorCode": "0", "Message": "OK", "TerminalKey": "1700000000000DEMO",
		"Status": "NEW", "PaymentId": "7003551234", "OrderId": "order-42", "Amount": float64(100000)}
	delete(m, "PaymentURL")
	if diff := cmp.Diff(want, m); status != http.StatusOK || diff != "" {
		t.Fatalf("Init: HTTP %d (-want +got):\n%s", status, diff)
	}
	for _, c := range []struct{ method, body string }{
		{"GetState", `{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551234","Token":"7bb2256df69c2f7b1a760314c9baef3965cc7ffda336a77ced9f013b9cf4b08b"}`},
		{"CheckOrder", `{"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Token":"48708f9ac5fef288313f5e2e119c559331a6dbf66bf63879d07b76bbee46bf60"}`},
	} {
		if status, m := e.post(c.method, c.body); status != http.StatusOK || m["Success"] != true {
			t.Errorf("%s with the fixture Token: HTTP %d %v", c.method, status, m)
		}
	}
}

// TestTBankNotificationGolden: the sandbox's CONFIRMED notification of a
// payment shaped like the fixture carries exactly the fixture's Token.
func TestTBankNotificationGolden(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	id, _ := e.create(map[string]any{"Amount": 100000, "OrderId": "order-42"})
	if id != "7003551234" {
		t.Fatalf("first PaymentId = %s, want 7003551234", id)
	}
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	e.waitDeliveries(1)
	req, err := parseTBRequest(e.shop.raw(0))
	if err != nil {
		t.Fatal(err)
	}
	const want = "f879e5eb05db4e981e10644f93a7491bcf272cfb4f99b95419b5748df238b627"
	if req.token != want {
		t.Errorf("CONFIRMED notification Token = %s, want the fixture's %s; body %s", req.token, want, e.shop.raw(0))
	}
}

// TestTBankTokenRefused: a wrong, upper-case or missing Token, or a
// foreign terminal, is refused with HTTP 200, Success false and the
// documented ErrorCode, and nothing is created.
func TestTBankTokenRefused(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	tests := []struct{ name, body, code string }{
		{"wrong token", `{"TerminalKey":"1700000000000DEMO","Amount":100000,"OrderId":"o1","Token":"0024a00af7c350a3a67ca168ce06502aa72772456662e38696d48b56ee9c97d9"}`, "204"},
		{"token over other values", `{"TerminalKey":"1700000000000DEMO","Amount":100001,"OrderId":"order-42","Description":"Заказ 42","PayType":"O","NotificationURL":"https://shop.example/tbank/notify","SuccessURL":"https://shop.example/ok","FailURL":"https://shop.example/fail","Token":"ffcc017b1b8f99df16f3642dbaa10c969a34708057632afc9aa35ad1f1fefbe2"}`, "204"},
		{"upper-case token", `{"TerminalKey":"1700000000000DEMO","Amount":100000,"OrderId":"order-42","Description":"Заказ 42","PayType":"O","NotificationURL":"https://shop.example/tbank/notify","SuccessURL":"https://shop.example/ok","FailURL":"https://shop.example/fail","Token":"FFCC017B1B8F99DF16F3642DBAA10C969A34708057632AFC9AA35AD1F1FEFBE2"}`, "204"},
		{"missing token", `{"TerminalKey":"1700000000000DEMO","Amount":100000,"OrderId":"o1"}`, "9999"},
		{"foreign terminal", `{"TerminalKey":"TinkoffBankTest","Amount":140000,"OrderId":"21090","Description":"Подарочная карта на 1000 рублей","Token":"68711168852240a2f34b6a8b19d2cfbd296c7d2a6dff8b23eda6278985959346"}`, "205"},
		{"not an object", `[1,2]`, "9"},
	}
	for _, tt := range tests {
		status, m := e.post("Init", tt.body)
		if status != http.StatusOK || m["Success"] != false || m["ErrorCode"] != tt.code {
			t.Errorf("%s: HTTP %d %v, want 200 Success false ErrorCode %s", tt.name, status, m, tt.code)
		}
	}
	if _, ok := e.sb.TBankPayment("7003551234"); ok {
		t.Error("a refused Init created a payment")
	}
}

// TestTBankPublicTerminal: configured as T-Bank's public test terminal
// (TinkoffBankTest, "пароль аналогичен"), the sandbox accepts the OAS
// examples' Tokens as published.
func TestTBankPublicTerminal(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{TerminalKey: "TinkoffBankTest", Password: "TinkoffBankTest"})
	status, m := e.post("Init", `{"TerminalKey":"TinkoffBankTest","Amount":140000,"OrderId":"21090","Description":"Подарочная карта на 1000 рублей","DATA":{"Phone":"+71234567890"},"Token":"68711168852240a2f34b6a8b19d2cfbd296c7d2a6dff8b23eda6278985959346"}`)
	if status != http.StatusOK || m["Success"] != true {
		t.Fatalf("Init_FULL example: HTTP %d %v", status, m)
	}
	status, m = e.post("CheckOrder", `{"TerminalKey":"TinkoffBankTest","OrderId":"21057","Token":"4c4c36adf9936b011879fa26f60759e7b47e57f7968283129b0ae9ac457486ab"}`)
	if status != http.StatusOK || m["ErrorCode"] != "335" {
		t.Fatalf("CheckOrder example (no such order here): HTTP %d %v, want ErrorCode 335 (the Token passed)", status, m)
	}
}
