/** SSH key pairs for the sandbox SFTP server's clients: the delivery tests and the fault drills. */
import ssh2 from "ssh2";

/**
 * A fresh ed25519 key pair (OpenSSH private key text and public key line), valid by ssh2's own
 * parser. ssh2's generator emits a pair it cannot parse back a few times in a thousand (seen
 * here: 7 of 2,000), which made whole test files fail at random; such a pair is drawn again.
 */
export function sshKeyPair(options: { comment?: string; passphrase?: string } = {}): {
  privateKey: string;
  publicKey: string;
} {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync("ed25519", {
      comment: options.comment ?? "delivery-test",
      ...(options.passphrase ? { passphrase: options.passphrase, cipher: "aes256-ctr", rounds: 4 } : {}),
    });
    const pub = ssh2.utils.parseKey(pair.public);
    const priv = ssh2.utils.parseKey(pair.private, options.passphrase);
    if (!(pub instanceof Error) && !(priv instanceof Error))
      return { privateKey: pair.private, publicKey: pair.public };
  }
  throw new Error("ssh2 produced no parseable ed25519 key pair in 20 attempts");
}
