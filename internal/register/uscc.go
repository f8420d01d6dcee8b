package register

import "strings"

// The problems ParseUSCC reports.
const (
	ErrUSCCLength    Problem = "err.uscc_length"    // not 18 characters
	ErrUSCCChars     Problem = "err.uscc_chars"     // a character outside the code's alphabet
	ErrUSCCAuthority Problem = "err.uscc_authority" // no such registration authority and category
	ErrUSCCRegion    Problem = "err.uscc_region"    // characters 3–8 are not a 6-digit region code
	ErrUSCCCheck     Problem = "err.uscc_check"     // the check character does not match
)

// usccAlphabet is the 31 characters of the unified social credit code in value order:
// digits, then capital letters without I, O, S, V and Z, which are too easily confused with
// 1, 0, 5, U and 2.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the GB 32100 weights 3^i mod 31 of the first 17 characters.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccCategories maps each registration authority (登记管理部门, character 1) to the
// organisation categories (机构类别, character 2) it may issue, from GB 32100-2015 and its
// later additions (A for the Central Military Commission, N for agriculture):
//
//	1 机构编制   1 机关  2 事业单位  3 中央编办直接管理机构编制的群众团体  9 其他
//	2 外交       1 外国常驻新闻机构  9 其他
//	3 司法行政   1 律师执业机构  2 公证处  3 基层法律服务所  4 司法鉴定机构  5 仲裁委员会  9 其他
//	4 文化       1 外国在华文化中心  9 其他
//	5 民政       1 社会团体  2 民办非企业单位  3 基金会  9 其他
//	6 旅游       1 外国旅游部门常驻代表机构  2 港澳台地区旅游部门常驻内地（大陆）代表机构  9 其他
//	7 宗教       1 宗教活动场所  2 宗教院校  9 其他
//	8 工会       1 基层工会  9 其他
//	9 工商       1 企业  2 个体工商户  3 农民专业合作社
//	A 中央军委改革和编制办公室  1 军队事业单位  9 其他
//	N 农业       1 组级集体经济组织  2 村级集体经济组织  3 乡镇级集体经济组织  9 其他
//	Y 其他       1
//
// A code outside this table cannot have been issued, so it is refused as a typo.
var usccCategories = map[byte]string{
	'1': "1239",
	'2': "19",
	'3': "123459",
	'4': "19",
	'5': "1239",
	'6': "129",
	'7': "129",
	'8': "19",
	'9': "123",
	'A': "19",
	'N': "1239",
	'Y': "1",
}

// USCC is a parsed unified social credit code (统一社会信用代码, GB 32100-2015).
type USCC struct {
	Code      string // the 18 characters
	Authority byte   // registration authority: '9' market regulation (工商), '5' civil affairs…
	Category  byte   // organisation category within the authority: "91" is an enterprise
	Region    string // 6-digit GB/T 2260 code of the registering office
	Subject   string // 9-character subject identifier (the organisation code of GB 11714)
}

// NormalizeUSCC removes spaces, folds full-width characters and upper-cases letters.
func NormalizeUSCC(s string) string { return strings.ToUpper(compact(s)) }

// USCCCheckChar returns the GB 32100 check character for the first 17 characters of a
// code, (31 − Σ value×weight mod 31) mod 31 read back through the alphabet, and false
// when first17 is not 17 characters of the alphabet.
func USCCCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31], true
}

// ParseUSCC normalises and checks a unified social credit code.
//
// The 9-character subject identifier is not checked against its own GB 11714 check
// character: the standard assigns it that way, but pre-2015 organisation codes were
// carried over as they were, and refusing a real organisation's code is worse than
// missing a typo that the 18th character catches anyway.
func ParseUSCC(s string) (USCC, error) {
	s = NormalizeUSCC(s)
	if len([]rune(s)) != 18 {
		return USCC{}, ErrUSCCLength
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(usccAlphabet, s[i]) < 0 {
			return USCC{}, ErrUSCCChars
		}
	}
	if cats, ok := usccCategories[s[0]]; !ok || strings.IndexByte(cats, s[1]) < 0 {
		return USCC{}, ErrUSCCAuthority
	}
	if !allDigits(s[2:8]) {
		return USCC{}, ErrUSCCRegion
	}
	if c, _ := USCCCheckChar(s[:17]); c != s[17] {
		return USCC{}, ErrUSCCCheck
	}
	return USCC{Code: s, Authority: s[0], Category: s[1], Region: s[2:8], Subject: s[8:17]}, nil
}
