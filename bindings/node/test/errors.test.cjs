// Every error kind rejects as its own CareerkitError subclass with a stable code; a panic
// rejects as INTERNAL and leaves Node and the engine working.
const assert = require('node:assert/strict');
const { test } = require('node:test');

const ck = require('..');

const kit = new ck.Careerkit();

function expect(cls, code, pattern) {
  return (err) => {
    assert.ok(err instanceof cls, `${err && err.name}: ${err && err.message}`);
    assert.ok(err instanceof ck.CareerkitError);
    assert.ok(err instanceof Error);
    assert.equal(err.code, code);
    assert.equal(err.name, cls.name);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

test('an empty file is UNSUPPORTED_FORMAT', async () => {
  await assert.rejects(
    kit.readText(Buffer.alloc(0), 'cv.pdf'),
    expect(ck.UnsupportedFormatError, 'UNSUPPORTED_FORMAT', /^unsupported format: empty file/),
  );
  await assert.rejects(
    kit.parseResume(Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'), 'cv.pdf'),
    expect(ck.UnsupportedFormatError, 'UNSUPPORTED_FORMAT', /PNG/),
  );
});

test('a file over maxFileBytes is LIMIT_EXCEEDED', async () => {
  const small = new ck.Careerkit({ maxFileBytes: 10 });
  await assert.rejects(small.readText(Buffer.from('x'.repeat(11)), 'cv.txt'), expect(ck.LimitExceededError, 'LIMIT_EXCEEDED'));
  // A plain Uint8Array is accepted as well as a Buffer.
  assert.equal((await small.readText(new TextEncoder().encode('x'.repeat(10)), 'cv.txt')).text, 'x'.repeat(10));
});

test('bad arguments are INVALID_INPUT', async () => {
  await assert.rejects(kit.export({ name: 'x' }, 'pdf'), expect(ck.InvalidInputError, 'INVALID_INPUT', /bad JSON argument/));
  await assert.rejects(
    kit.export({ name: 'x', headline: null, contact: [], sections: [] }, 'odt'),
    expect(ck.InvalidInputError, 'INVALID_INPUT', /unknown export format/),
  );
  assert.throws(() => new ck.Careerkit({ maxFileBytes: -1 }), expect(ck.InvalidInputError, 'INVALID_INPUT'));
  await assert.rejects(kit.parseJob(42), expect(ck.InvalidInputError, 'INVALID_INPUT'));
  const cycle = { name: 'x' };
  cycle.self = cycle;
  await assert.rejects(kit.export(cycle, 'md'), expect(ck.InvalidInputError, 'INVALID_INPUT'));
});

test('a panic is INTERNAL and the next call still works', async () => {
  await assert.rejects(ck._triggerPanicForTests(), expect(ck.InternalError, 'INTERNAL', /panicked/));
  const skills = await kit.extractSkills('Python and Terraform');
  assert.deepEqual(skills.map((s) => s.name), ['Python', 'Terraform']);
});
