// User code that throws inside every kind of callback core delivers: a messages$ subscriber, a
// state$ subscriber, a 'message' listener and a 'state' listener. None of it may reach native
// code (which would abort the process with exit code 134): each error goes to the ordinary
// uncaught-error path, where this process counts it, and the process then exits normally.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { openChannelPair } from './wire.mjs';

const reported = [];
process.on('uncaughtException', (error) => reported.push(error.message));

const { a, b, local, remote } = await openChannelPair();
remote.messages$.subscribe(() => {
  throw new Error('thrown by a messages$ subscriber');
});
remote.on('message', () => {
  throw new Error('thrown by a message listener');
});
const heard = [];
remote.on('message', (message) => heard.push(message)); // a throwing listener must not stop the next one
b.state$.subscribe((state) => {
  if (state === 'closed') throw new Error('thrown by a state$ subscriber');
});
a.on('state', (state) => {
  if (state === 'closed') throw new Error('thrown by a state listener');
});
for (let i = 0; i < 3; i++) local.send(`message ${i}`);
while (heard.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
a.close();
await lastValueFrom(b.state$);
b.close();
await firstValueFrom(remote.closed$);
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(JSON.stringify({ reported: [...new Set(reported)].sort(), heard }));
