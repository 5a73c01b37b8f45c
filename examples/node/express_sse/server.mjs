// A resume-tailoring HTTP API on careerkit's Workflow (Express), streaming a run's events over
// Server-Sent Events and honouring Last-Event-ID on reconnect.
//
//   CAREERKIT_DATA_DIR=/var/lib/tailor CAREERKIT_LLM=openai:gpt-4o-mini OPENAI_API_KEY=... node server.mjs
//
// Every request names its user in the X-User-Id header (a real service takes it from its
// authentication); careerkit scopes every session, run and file by it.
import express from 'express';
import { fileURLToPath } from 'node:url';

import {
  CareerkitError,
  ConflictError,
  InvalidInputError,
  LimitExceededError,
  NotFoundError,
  PermissionDeniedError,
  UnsupportedFormatError,
  Workflow,
} from 'careerkit';

const STATUS = new Map([
  [NotFoundError, 404],
  [ConflictError, 409],
  [PermissionDeniedError, 403],
  [InvalidInputError, 422],
  [UnsupportedFormatError, 415],
  [LimitExceededError, 413],
]);

/** The Express app over an opened Workflow. */
export function createApp(wf) {
  const app = express();
  app.use(express.json({ limit: '1mb' }));

  // Async handlers: Express 5 passes a rejected Promise to the error middleware.
  const owner = (req) => {
    const id = req.get('x-user-id');
    if (!id) throw new InvalidInputError('X-User-Id header missing');
    return id;
  };

  app.post('/sessions', async (req, res) => {
    res.status(201).json(await wf.createSession(owner(req), String(req.body?.title ?? '')));
  });

  app.get('/sessions/:sid', async (req, res) => {
    res.json(await wf.session(owner(req), req.params.sid));
  });

  app.post('/sessions/:sid/resume', express.raw({ type: () => true, limit: '10mb' }), async (req, res) => {
    const user = owner(req);
    const name = String(req.query.filename ?? 'resume');
    const meta = await wf.uploadResume(user, req.params.sid, name, req.body);
    // A product runs a worker for queued parse jobs; this example parses inline.
    await wf.runDueJobs();
    res.status(201).json(meta);
  });

  app.get('/sessions/:sid/document', async (req, res) => {
    res.json(await wf.resumeDocument(owner(req), req.params.sid));
  });

  app.post('/sessions/:sid/jd', async (req, res) => {
    res.json(await wf.submitJob(owner(req), req.params.sid, String(req.body?.text ?? '')));
  });

  app.post('/sessions/:sid/analysis', async (req, res) => {
    res.json(await wf.analyze(owner(req), req.params.sid));
  });

  app.post('/sessions/:sid/messages', async (req, res) => {
    const runId = await wf.sendMessage(owner(req), req.params.sid, String(req.body?.message ?? ''));
    res.status(202).json({ run_id: runId });
  });

  app.get('/sessions/:sid/runs/:runId/events', async (req, res) => {
    const user = owner(req);
    await wf.session(user, req.params.sid); // 404 before the stream starts
    const after = Number.parseInt(req.get('last-event-id') ?? '0', 10) || 0;
    const events = wf.runEvents(user, req.params.sid, req.params.runId, { after });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // A client that goes away closes the native stream, even while it waits for an event.
    res.on('close', () => events.close());
    try {
      for await (const event of events) {
        res.write(`id: ${event.event_id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      }
    } catch (err) {
      res.write(`event: error\ndata: ${JSON.stringify({ error: err.name, message: err.message })}\n\n`);
    }
    res.end();
  });

  app.get('/sessions/:sid/runs/:runId/approvals', async (req, res) => {
    res.json(await wf.pendingApprovals(owner(req), req.params.runId));
  });

  app.post('/approvals/:id/:decision', async (req, res) => {
    const { id, decision } = req.params;
    if (decision === 'approve') await wf.approve(owner(req), id);
    else if (decision === 'reject') await wf.reject(owner(req), id);
    else throw new InvalidInputError(`unknown decision ${decision}`);
    res.status(204).end();
  });

  app.get('/sessions/:sid/files', async (req, res) => {
    res.json(await wf.files(owner(req), req.params.sid));
  });

  app.post('/sessions/:sid/export', async (req, res) => {
    const { meta, data } = await wf.export(owner(req), req.params.sid, String(req.body?.format ?? 'pdf'));
    res.type(meta.content_type).send(data);
  });

  app.use((err, req, res, next) => {
    if (!(err instanceof CareerkitError)) return next(err);
    const status = [...STATUS].find(([cls]) => err instanceof cls)?.[1] ?? 500;
    res.status(status).json({ error: err.name, code: err.code, message: err.message });
  });
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wf = await Workflow.open(process.env.CAREERKIT_DATA_DIR ?? './careerkit-data');
  const port = Number(process.env.PORT ?? 3000);
  createApp(wf).listen(port, () => console.log(`listening on http://127.0.0.1:${port}`));
}
