import Foundation
import Testing
@testable import Secrets

@Suite struct SecretsTests {
    @Test func scryptMatchesRFC7914Vector() throws {
        // RFC 7914 section 12, second vector: P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64.
        let key = try #require(OpenSSLCrypto.scrypt(password: Array("password".utf8), salt: Array("NaCl".utf8), logN: 10, r: 8, p: 16, length: 64))
        #expect(Hex.encode(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func passwordsVerifyAndSaltsDiffer() {
        let hasher = PasswordHasher(logN: 10)
        let a = hasher.hash("correct horse battery staple")
        let b = hasher.hash("correct horse battery staple")
        #expect(a != b)
        #expect(a.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(hasher.verify("correct horse battery staple", against: a))
        #expect(!hasher.verify("correct horse battery stapl", against: a))
        #expect(!hasher.verify("", against: a))
        #expect(PasswordHasher().needsRehash(a))
        #expect(!hasher.needsRehash(a))
    }

    @Test(arguments: ["", "plain", "$scrypt$ln=40,r=8,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA==", "$scrypt$ln=10,r=8,p=1$@@$AAAA",
                      "$bcrypt$ln=10,r=8,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA==", "$scrypt$ln=10,r=8$AAAA$AAAAAAAAAAAAAAAAAAAAAA=="])
    func malformedHashesNeverVerify(stored: String) {
        #expect(!PasswordHasher(logN: 10).verify("anything", against: stored))
    }

    @Test func base64MatchesFoundationBothAlphabets() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let standard = Data(bytes).base64EncodedString()
            #expect(Base64.encode(bytes) == standard)
            #expect(Base64.decode(standard) == bytes)
            let url = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64.encode(bytes, urlSafe: true) == url)
            #expect(Base64.decode(url) == bytes)
        }
        #expect(Base64.decode("a") == nil)
        #expect(Base64.decode("ab!d") == nil)
    }

    @Test func tokensAreRandomAndDigestsStable() {
        let a = Tokens.random()
        #expect(a.count == 43)
        #expect(a != Tokens.random())
        #expect(Tokens.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")  // FIPS 180-2 example
        #expect(Tokens.equal("same", "same"))
        #expect(!Tokens.equal("same", "Same"))
        #expect(!Tokens.equal("same", "same!"))
        // RFC 4231 test case 2.
        #expect(Hex.encode(Tokens.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
