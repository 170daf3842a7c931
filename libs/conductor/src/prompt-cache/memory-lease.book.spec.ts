import { runLeaseBookContract } from './lease-book.contract';
import { MemoryLeaseBook } from './memory-lease.book';

runLeaseBookContract('memory', () => {
  const book = new MemoryLeaseBook();
  return Promise.resolve({ book, rival: book });
});
