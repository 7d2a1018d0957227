// End-to-end tests start real processes and do real Paillier work: give them room.
jest.setTimeout(300_000);
